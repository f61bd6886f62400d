"""What an answer's program does, statement by statement, however it is written.

Token fingerprints follow the text: reordered statements, ``Sequential([...])`` turned
into ``model.add(...)`` calls, another module alias, keyword arguments in another order
or the code wrapped in small functions break their k-grams although the program is the
same. Here each answer is parsed (``ast``) and every statement rewritten to one
canonical form, then compared as a set (so order does not matter):

- names: a variable or a function of the answer is ``v`` (builtins keep theirs); a
  module path or alias is its last name (``tf.keras.layers.Dense``, ``layers.Dense``,
  ``L.Dense`` and an imported ``Dense`` are all ``Dense``); a method call loses its
  receiver (``net.compile``, ``model.compile``: ``compile``);
- calls: keyword arguments sorted, a layer's first setting positional and its others
  named (``Dense(units=10, activation='relu')`` is ``Dense(10, 'relu')`` is ...),
  ``name=`` dropped; numbers are floats (``255`` is ``255.0``), tuples lists,
  ``np.float32`` the string ``'float32'``, ``x /= 255`` is ``x = x / 255``;
- models: ``Sequential([a, b])`` is ``Sequential()`` then ``add(a)``, ``add(b)``;
  ``Input(shape=s)``, ``input_shape=s`` and ``input_dim=n`` are one ``input(s)``;
- structure: a function's or a loop's body counts as its statements (a helper function
  hides nothing); an assignment to a name counts as its value, so a temporary name, a
  helper's ``return`` and ``X_train = ...`` are the same statement; imports, ``print``, ``display``
  and bare names (a cell's last line shown) say nothing and are left out.

Code that does not parse as a whole is read paragraph by paragraph; IPython magics
(``%``, ``!``) are skipped.
"""

from __future__ import annotations

import ast
import builtins
from functools import lru_cache

# Settings by position: the first stays positional, the others are named.
POSITIONAL = {
    "Dense": ("units", "activation", "use_bias"),
    "Dropout": ("rate",),
    "Rescaling": ("scale", "offset"),
    "Input": ("shape",),
    "to_categorical": ("y", "num_classes"),
    "fit": ("x", "y", "batch_size", "epochs"),
    "evaluate": ("x", "y", "batch_size"),
    "predict": ("x", "batch_size"),
}
# Names that are never the answer's own, imported in another cell or not.
LAYERS = ("Sequential", "Model", "Flatten", "BatchNormalization", "Normalization")
KEPT_NAMES = frozenset(dir(builtins)) | set(POSITIONAL) | set(LAYERS)
INPUT_KEYWORDS = ("input_shape", "input_dim", "batch_input_shape")
DTYPES = frozenset({"float16", "float32", "float64", "int32", "int64", "uint8"})
SILENT_CALLS = frozenset({"print", "display", "summary", "show"})
MODEL_CLASSES = frozenset({"Sequential"})
BLOCKS = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try)
BLOCKS += (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@lru_cache(maxsize=8192)
def statement_marks(code: str) -> frozenset[str]:
    """The canonical statements of ``code`` (a cell or an answer), as a set."""
    return frozenset(canonical_statements(code))


def canonical_statements(code: str) -> list[str]:
    return [statement for _, _, statements in statement_lines(code) for statement in statements]


def statement_lines(code: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Each statement's first and last line in ``code`` (from 1) and what it counts as:
    for the side-by-side page, which marks a statement the other answer holds too."""
    aliases: dict[str, str] = {}
    spans = []
    for tree in _parsed(code):
        _collect_aliases(tree, aliases)
        for node in tree.body:
            spans += _spans(node, aliases)
    return spans


def _parsed(code: str) -> list[ast.Module]:
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    try:
        return [ast.parse("\n".join(lines))]
    except (SyntaxError, ValueError):
        pass
    trees, paragraph = [], []
    for number, line in enumerate([*lines, ""]):
        if line.strip() or not paragraph:
            paragraph.append(line)
            continue
        try:
            tree = ast.parse("\n".join(paragraph))
            trees.append(ast.increment_lineno(tree, number - len(paragraph)))
        except (SyntaxError, ValueError):
            pass  # a broken paragraph: the rest still counts
        paragraph = []
    return trees


def _collect_aliases(tree: ast.Module, aliases: dict[str, str]) -> None:
    """Names bound to something outside the answer: ``import ... as``, ``from ...
    import``, and ``L = tf.keras.layers``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name.split(".")[-1]
        elif _is_module_alias(node, aliases):
            aliases[node.targets[0].id] = _last_name(node.value)


def _is_module_alias(node: ast.AST, aliases: dict[str, str]) -> bool:
    if not isinstance(node, ast.Assign) or len(node.targets) != 1:
        return False
    root = node.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return (
        isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Attribute)
        and isinstance(root, ast.Name)
        and root.id in aliases.keys() | {"tf", "keras", "np"}
    )


def _last_name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _spans(node: ast.stmt, aliases: dict[str, str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """A block's body counts as its statements; a ``for`` loop's header as one more."""
    if isinstance(node, BLOCKS):
        inner = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
        inner += [child for handler in getattr(node, "handlers", []) for child in handler.body]
        header = ()
        if isinstance(node, ast.For | ast.AsyncFor):
            header = (f"for {_text(node.target, aliases)} in {_text(node.iter, aliases)}",)
        spans = [(node.lineno, node.lineno, header)] if header else []
        return spans + [span for child in inner for span in _spans(child, aliases)]
    end = node.end_lineno or node.lineno
    return [(node.lineno, end, tuple(_statements(node, aliases)))]


def _statements(node: ast.stmt, aliases: dict[str, str]) -> list[str]:
    if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass) or _is_module_alias(node, aliases):
        return []
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        value = ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op, node.value)
        node = ast.Assign([ast.Name(node.target.id, ast.Store())], value)
    value, target = _value_and_target(node)
    if value is None:
        return [_text(node, aliases)]
    return _expression_statements(value, target, aliases)


def _value_and_target(node: ast.stmt) -> tuple[ast.expr | None, ast.expr | None]:
    """The value a statement computes and the target worth keeping (not a name or names,
    but ``x[0]`` or ``x.attribute``)."""
    if isinstance(node, ast.Expr | ast.Return):
        return node.value, None
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        target = targets[0] if len(targets) == 1 else ast.Tuple(targets, ast.Store())
        names = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        kept = not all(isinstance(name, ast.Name | ast.Starred) for name in names)
        return node.value, target if kept else None
    return None, None


def _expression_statements(value: ast.expr, target, aliases: dict[str, str]) -> list[str]:
    if target is None and _only_names(value):
        return []  # a cell's last line shown, or names passed on: nothing computed
    if isinstance(value, ast.Call):
        called = _last_name(value.func)
        if called in SILENT_CALLS:
            return []
        if called in MODEL_CLASSES and value.args and isinstance(value.args[0], ast.List):
            layers = value.args[0].elts
            model = ast.Call(value.func, [], value.keywords)
            return [_text(model, aliases)] + [s for layer in layers for s in _added(layer, aliases)]
        if called == "add" and len(value.args) == 1 and isinstance(value.func, ast.Attribute):
            return _added(value.args[0], aliases)
        if called == "Input":
            return [_input(value, aliases)]
    line = _text(value, aliases)
    return [f"{_text(target, aliases)} = {line}" if target is not None else line]


def _only_names(node: ast.expr) -> bool:
    return all(
        isinstance(n, ast.Name | ast.Attribute | ast.Constant | ast.Tuple | ast.List | ast.Starred)
        or isinstance(n, ast.expr_context)
        for n in ast.walk(node)
    )


def _added(layer: ast.expr, aliases: dict[str, str]) -> list[str]:
    """A layer put into a model: ``add(...)``, its input shape an ``input(...)`` first."""
    if isinstance(layer, ast.Call) and _last_name(layer.func) == "Input":
        return [_input(layer, aliases)]
    shapes = []
    if isinstance(layer, ast.Call):
        shapes = [k for k in layer.keywords if k.arg in INPUT_KEYWORDS]
        kept = [k for k in layer.keywords if k.arg not in INPUT_KEYWORDS]
        layer = ast.Call(layer.func, layer.args, kept)
    inputs = [_input_of(keyword, aliases) for keyword in shapes]
    return inputs + [f"add({_text(layer, aliases)})"]


def _input(call: ast.Call, aliases: dict[str, str]) -> str:
    shape = call.args[0] if call.args else next((k.value for k in call.keywords), None)
    return f"input({_text(shape, aliases)})" if shape is not None else "input()"


def _input_of(keyword: ast.keyword, aliases: dict[str, str]) -> str:
    value = keyword.value
    if keyword.arg == "input_dim":
        value = ast.List([value], ast.Load())
    return f"input({_text(value, aliases)})"


def _text(node: ast.AST, aliases: dict[str, str]) -> str:
    return ast.unparse(Canonical(aliases).visit(node))  # each node is rewritten once


class Canonical(ast.NodeTransformer):
    """One spelling for the many that mean the same (the module's docstring lists them)."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in DTYPES:
            return ast.Constant(node.id)
        if node.id in self.aliases:
            return ast.Name(self.aliases[node.id], node.ctx)
        return ast.Name(node.id if node.id in KEPT_NAMES else "v", node.ctx)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        root = node.value
        if node.attr in DTYPES:
            return ast.Constant(node.attr)
        if isinstance(root, ast.Attribute | ast.Name):
            return ast.Name(node.attr, node.ctx)
        return ast.Attribute(self.visit(root), node.attr, node.ctx)  # a call's result

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return ast.Constant(float(value))
        return node

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        if isinstance(node.ctx, ast.Load):
            return ast.List([self.visit(e) for e in node.elts], ast.Load())
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node = self.generic_visit(node)
        if isinstance(node.func, ast.Constant) and len(node.args) == 1 and not node.keywords:
            return node.args[0]  # np.float32(255.0) is 255.0
        keywords = [k for k in node.keywords if k.arg != "name"]
        names = POSITIONAL.get(_last_name(node.func))
        plain = not any(isinstance(a, ast.Starred) for a in node.args)
        if names and plain and len(node.args) <= len(names):
            named = dict(zip(names, node.args, strict=False)) | {
                k.arg: k.value for k in keywords if k.arg
            }
            keywords = [k for k in keywords if k.arg is None or k.arg not in named]
            node.args = [named.pop(names[0])] if names[0] in named else []
            keywords += [ast.keyword(name, value) for name, value in named.items()]
        node.keywords = sorted(keywords, key=lambda k: k.arg or "")
        return node
