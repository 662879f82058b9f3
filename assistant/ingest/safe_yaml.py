"""YAML from files users send (the front matter of documents and plans), read on a budget.

``yaml.safe_load`` builds nothing dangerous, but it still follows aliases: nine anchors of nine
aliases each (``b: &b [*a,*a,…]``) are a few hundred bytes that stand for 9⁹ strings, and
whatever walks the result afterwards (metadata, the index, a JSON response) expands them. Front
matter never needs aliases, so an alias to an anchor is refused while the text is composed,
before anything is built from it; so are more nodes, deeper nesting or more text than any real
front matter has.

Sizes of the pack's front matter, for the limits: at most 5.7 kB of text, 50 nodes, 3 levels
(NĐ 152/2025 and Luật 06/2022 are the largest).
"""

from __future__ import annotations

import yaml

MAX_CHARS = 64 * 1024  # ~11× the largest front matter in the pack
MAX_NODES = 2_000  # 40× the pack's 50 nodes; a long list of amending texts stays far below
MAX_DEPTH = 16  # the pack nests 3 levels; deep nesting only exhausts the recursive composer

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_NODES", "YamlBudgetError", "load_untrusted"]


class YamlBudgetError(yaml.YAMLError):
    """Untrusted YAML over the budget (an alias, too many nodes, too deep, too long).

    A YAMLError, so code that treats any YAML error as "not front matter" stays safe; callers
    that can refuse the file catch this class first.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _BudgetLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses aliases to anchors and counts nodes and depth."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            if alias.anchor in self.anchors:
                raise YamlBudgetError(
                    f"it uses a YAML alias (*{alias.anchor[:40]}, line {alias.start_mark.line + 1}); "
                    "aliases are not accepted in front matter"
                )
            return super().compose_node(parent, index)  # undefined alias: an ordinary error
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlBudgetError(f"it has more than {MAX_NODES:,} YAML values")
        if self._depth >= MAX_DEPTH:
            raise YamlBudgetError(f"it nests YAML values more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_untrusted(text: str) -> object:
    """The YAML document in ``text``, within the budget.

    Raises YamlBudgetError over the budget and yaml.YAMLError for any other YAML that cannot be
    read (including values Python refuses, such as a 5,000-digit integer).
    """
    if len(text) > MAX_CHARS:
        raise YamlBudgetError(
            f"it is {len(text):,} characters long; front matter is at most {MAX_CHARS:,}"
        )
    loader = _BudgetLoader(text)
    try:
        return loader.get_single_data()
    except (ValueError, OverflowError) as exc:  # int("9" * 5000), an impossible timestamp …
        raise yaml.YAMLError(f"a value cannot be read ({exc})") from exc
    finally:
        loader.dispose()
