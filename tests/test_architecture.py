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
