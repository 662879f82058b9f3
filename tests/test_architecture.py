"""The layering holds: no import cycle between modules or between stage packages of
`assistant/` and `ui/` (tests/import_graph.py reads the imports from the source)."""

from __future__ import annotations

from import_graph import cycles, graph, stage_graph


def test_no_module_imports_itself_back_through_others():
    assert cycles(graph()) == []


def test_no_stage_package_imports_itself_back_through_others():
    assert cycles(stage_graph(graph())) == []


def test_the_graph_sees_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    stages = stage_graph({"assistant.x.m": {"assistant.y.n"}, "assistant.y.n": {"assistant.x.k"}})
    assert stages == {"assistant.x": {"assistant.y"}, "assistant.y": {"assistant.x"}}
    assert cycles(stages) == [["assistant.x", "assistant.y"]]


FRONT_ENDS = ("assistant.api", "assistant.cli", "ui")


def test_front_ends_go_through_the_application_layer_and_nothing_imports_them():
    stages = stage_graph(graph())
    # the web UI reads the application layer, never the API's internals
    assert "assistant.api" not in stages.get("ui", set())
    for stage, targets in stages.items():
        if stage.startswith(FRONT_ENDS):
            continue
        assert not any(t.startswith(FRONT_ENDS) for t in targets), (stage, targets)


def test_the_leaves_read_nothing_of_the_project():
    stages = stage_graph(graph())
    for leaf in ("assistant.text", "assistant.locator"):
        assert not {t for t in stages.get(leaf, set()) if t.startswith("assistant")}, leaf


def test_the_application_layer_imports_no_web_framework():
    import ast
    from pathlib import Path

    app = Path(__file__).resolve().parents[1] / "assistant" / "app"
    web = ("fastapi", "starlette", "gradio")
    for source in app.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in web], (source.name, names)
