"""Index stage: tokenizer, BM25 store, embedders, vector stores, build + manifest.

Heavy libraries (torch, sentence-transformers, chromadb) are imported only when a model is
loaded or a Chroma store is opened.
"""

from assistant.index.bm25_store import BM25Store
from assistant.index.build import build_index
from assistant.index.embedder import (
    Embedder,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    get_embedder,
    model_id_for,
)
from assistant.index.manifest import Manifest, corpus_hash
from assistant.index.reader import LoadedIndex, open_index
from assistant.index.tokenizer import TOKENIZER_VERSION, fold, tokenize, tokenize_query
from assistant.index.vector_store import ChromaVectorStore, NumpyVectorStore, VectorStore

__all__ = [
    "TOKENIZER_VERSION",
    "BM25Store",
    "ChromaVectorStore",
    "Embedder",
    "HashingEmbedder",
    "LoadedIndex",
    "Manifest",
    "NumpyVectorStore",
    "SentenceTransformerEmbedder",
    "VectorStore",
    "build_index",
    "corpus_hash",
    "fold",
    "get_embedder",
    "model_id_for",
    "open_index",
    "tokenize",
    "tokenize_query",
]
