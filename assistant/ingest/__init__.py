"""Files → Documents: loaders per format, metadata, the pack import and the corpus walk."""

from assistant.ingest.corpus_loader import LoadResult, load_corpus
from assistant.ingest.loaders import SUPPORTED_FORMATS, load_file, normalize_text
from assistant.ingest.metadata import build_meta
from assistant.ingest.pack import ImportReport, import_pack, pack_documents
from assistant.ingest.user_docs import add_user_document, ids_in_corpus, safe_file_name

__all__ = [
    "SUPPORTED_FORMATS",
    "ImportReport",
    "LoadResult",
    "add_user_document",
    "ids_in_corpus",
    "build_meta",
    "import_pack",
    "load_corpus",
    "load_file",
    "normalize_text",
    "pack_documents",
    "safe_file_name",
]
