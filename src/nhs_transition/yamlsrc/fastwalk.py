"""The walk of libyaml events on the hot path (`_walk_fast`): data only, no positions.

`parse` takes it when the plain-block reader (`simple`) gives up on a file.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events as ev

from .problems import (
    MAX_DEPTH,
    YamlProblem,
    _alias_problem,
    _reader_problem,
    _short_tag,
)
from .scalars import _NO_KEY, _NUMBER_START, _PLAIN_CONSTANTS, _key_text, resolve_plain
from .walker import (
    _ALIAS,
    _DOC_START,
    _MAP_END,
    _MAP_START,
    _SCALAR,
    _SEQ_END,
    _SEQ_START,
    _STR_TAGS,
    _libyaml_problem,
    _Parser,
    _scalar_value,
    _Walker,
)

_MISSING = object()
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _walk_fast(text: str) -> tuple[Any, bool]:
    """The data of `text` and whether some mapping repeats a key: `_Walker(record=False)` unrolled.

    The hot path of loading a large plan; it must build exactly what `_Walker.walk` builds and
    raise exactly the same problems (tests/test_load.py compares the two). Rare events (tags,
    aliases, merge keys, nesting limits) take the same code as the walker.
    """
    parser: Any = _Parser(text)
    get_event = parser.get_event
    walker = _Walker(record=False)  # anchors and the alias budget, for the rare alias paths
    anchors, sizes, weights = walker.anchors, walker.sizes, walker.characters
    no_key, missing, constants, number_start = _NO_KEY, _MISSING, _PLAIN_CONSTANTS, _NUMBER_START
    scalar_cls, map_start, seq_start, map_end, seq_end = (
        _SCALAR,
        _MAP_START,
        _SEQ_START,
        _MAP_END,
        _SEQ_END,
    )
    # The innermost open container (None at the top) and its pending key, size count and
    # anchor are kept in locals; `stack` holds those of the containers around it.
    current: Any = None
    is_map = False
    key: Any = no_key
    started = 0
    anchor: str | None = None
    stack: list[tuple[Any, bool, Any, int, str | None, int]] = []
    root: Any = None
    documents = 0
    count = 0  # nodes built so far, aliases counted at their expanded size
    characters = 0  # characters of scalar text so far, likewise
    characters_at = 0  # characters when the innermost open container started
    duplicate = False
    try:
        while True:
            event: Any = get_event()
            cls = event.__class__
            if cls is scalar_cls:
                tag = event.tag
                value = event.value
                if tag is None:
                    if not event.style:  # plain: null, true/false, a number, else text
                        found = constants.get(value, missing)
                        if found is not missing:
                            value = found
                        elif value[0] in number_start:
                            value = resolve_plain(value)
                elif tag not in _STR_TAGS:
                    _scalar_value(event)  # raises the tag problem
                count += 1
                characters += len(event.value)
                if event.anchor is not None:
                    anchors[event.anchor] = value
                    sizes[event.anchor] = 1
                    weights[event.anchor] = len(event.value)
                if current is None:
                    root = value
                    continue
                if is_map:
                    if key is no_key:
                        key = value if value.__class__ is str else _key_text(value)
                        continue
                    if key in current and not walker.overrides_merge(current, key):
                        duplicate = True
                    current[key] = value
                    key = no_key
                else:
                    current.append(value)
                continue
            if cls is map_start or cls is seq_start:
                if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                    mark = event.start_mark
                    raise YamlProblem(
                        "yaml-tag",
                        f"the tag '{_short_tag(event.tag)}' is not allowed: plan files are plain YAML (remove the tag)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                if len(stack) >= MAX_DEPTH:  # one saved frame per open container
                    mark = event.start_mark
                    raise YamlProblem(
                        "nesting-too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels: a plan file never needs this",
                        mark.line + 1,
                        mark.column + 1,
                    )
                count += 1
                stack.append((current, is_map, key, started, anchor, characters_at))
                is_map = cls is map_start
                current = {} if is_map else []
                key, started, anchor, characters_at = no_key, count, event.anchor, characters
                continue
            if cls is map_end or cls is seq_end:
                value = current
                if anchor is not None:
                    anchors[anchor] = value
                    sizes[anchor] = count - started + 1
                    weights[anchor] = characters - characters_at
                current, is_map, key, started, anchor, characters_at = stack.pop()
                is_container = True
            elif cls is _ALIAS:
                name = event.anchor
                mark = event.start_mark
                if name not in anchors:
                    raise YamlProblem(
                        "yaml-syntax",
                        f"alias '*{name}' refers to an anchor that is not defined before it (or to itself)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                size = sizes.get(name, 1)
                weight = weights.get(name, 0)
                walker.budget -= size
                walker.character_budget -= weight
                if walker.budget < 0 or walker.character_budget < 0:
                    raise _alias_problem(walker.budget < 0, mark)
                count += size
                characters += weight
                value = anchors[name]
                is_container = False
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlProblem(
                        "yaml-syntax",
                        "more than one YAML document ('---') in a plan file: keep one per file",
                        mark.line + 1,
                        mark.column + 1,
                    )
                continue
            elif cls is ev.StreamEndEvent:
                break
            else:
                continue

            # A finished container or an alias takes its place in the container around it.
            if current is None:
                root = value
                continue
            if is_map:
                if key is no_key:
                    if is_container or isinstance(value, (dict, list)):
                        mark = event.start_mark
                        raise YamlProblem(
                            "yaml-syntax",
                            "a mapping key must be a plain value, not a list or mapping",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    key = value if isinstance(value, str) else _key_text(value)
                    continue
                pending, key = key, no_key
                if pending == "<<" and (cls is _ALIAS or isinstance(value, (dict, list))):
                    walker._merge(current, value, event)
                    continue
                if pending in current and not walker.overrides_merge(current, pending):
                    duplicate = True
                current[pending] = value
            else:
                current.append(value)
    except yaml.MarkedYAMLError as exc:
        raise _libyaml_problem(exc, text) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        raise _reader_problem(exc, text) from None
    return root, duplicate
