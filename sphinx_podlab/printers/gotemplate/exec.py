"""Go's ``text/template/exec.go`` over a decoded object: walking the tree."""

from __future__ import annotations

from typing import Any

from ..errors import UnsupportedTemplate
from ..gofmt import go_quote, sprint
from .funcs import BUILTINS, CallError
from .lex import NAME
from .tree import (
    Action,
    Bool,
    Branch,
    Chain,
    Command,
    Control,
    Dot,
    Field,
    Identifier,
    ListNode,
    Nil,
    Number,
    Pipe,
    String,
    Text,
    Variable,
)
from .values import NO_VALUE, Break, Continue, ExecError, truth, type_of

MISSING = object()  # no value piped in from an earlier command


class State:
    def __init__(self, source: str, root: Any, missing_key_error: bool = False) -> None:
        self.missing_key_error = missing_key_error  # --allow-missing-template-keys=false
        self.source = source
        self.vars: list[tuple[str, Any, bool]] = [("$", root, True)]
        self.dot_concrete = True
        self.node: Any = None
        self.out: list[str] = []

    def errorf(self, message: str) -> None:
        if self.node is None:
            raise ExecError(f"template: {NAME}: {message}")
        before = self.source[:self.node.pos]
        line = before.count("\n") + 1
        column = len(before[before.rfind("\n") + 1:].encode()) if "\n" in before \
            else len(before.encode())
        raise ExecError(f"template: {NAME}:{line}:{column}: executing {go_quote(NAME)} at "
                         f"<{self.node}>: {message}")

    def walk(self, dot: Any, node: Any, concrete: bool = True) -> None:
        """``concrete``: whether dot is a value of its own type (the root, a ``with``'s
        value) or one held in an ``interface{}`` (a list item or map value), which only
        an error message shows."""
        self.node = node
        self.dot_concrete = concrete
        if isinstance(node, Text):
            self.out.append(node.text)
        elif isinstance(node, Action):
            value = self.pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.node = node
                self.out.append("<no value>" if value is NO_VALUE else sprint(value))
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child, concrete)
        elif isinstance(node, Branch):
            if node.kind == "range":
                self.walk_range(dot, node, concrete)
            else:
                mark = len(self.vars)
                value = self.pipeline(dot, node.pipe)
                if truth(value):
                    if node.kind == "with":
                        self.walk(value, node.body, True)
                    else:
                        self.walk(dot, node.body, concrete)
                elif node.else_body is not None:
                    self.walk(dot, node.else_body, concrete)
                del self.vars[mark:]
        elif isinstance(node, Control):
            raise Break() if node.kind == "break" else Continue()

    def walk_range(self, dot: Any, node: Branch, concrete: bool) -> None:
        mark = len(self.vars)
        value = self.pipeline(dot, node.pipe)
        if isinstance(value, list):
            pairs: list[tuple[Any, Any]] = list(enumerate(value))
        elif isinstance(value, dict):
            pairs = [(key, value[key]) for key in sorted(value)]
        elif value is NO_VALUE or value is None:
            pairs = []
        elif isinstance(value, int) and not isinstance(value, bool):
            if len(node.pipe.decl) > 1:
                self.errorf(f"can't use {value} to iterate over more than one variable")
            pairs = [(NO_VALUE, index) for index in range(value)]
        else:
            self.errorf(f"range can't iterate over {sprint(value)}")
        inner = len(self.vars)
        elem_concrete = isinstance(value, int)  # ints range over ints; lists and maps hold
        try:
            for index, elem in pairs:
                decl = node.pipe.decl
                if decl:
                    if node.pipe.is_assign:
                        raise UnsupportedTemplate("range with = assignments in a go-template")
                    self.vars[inner - 1] = (self.vars[inner - 1][0], elem, elem_concrete)
                    if len(decl) > 1:
                        self.vars[inner - 2] = (self.vars[inner - 2][0], index, True)
                try:
                    self.walk(elem, node.body, elem_concrete)
                except Continue:
                    pass
                finally:
                    del self.vars[inner:]
        except Break:
            pass
        if not pairs and node.else_body is not None:
            self.walk(dot, node.else_body, concrete)
        del self.vars[mark:]

    def pipeline(self, dot: Any, pipe: Pipe) -> Any:
        self.node = pipe
        value: Any = MISSING
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
            if value is None:  # Go takes the value out of its interface{}: nothing
                value = NO_VALUE
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_var(variable.ident[0], value)
            else:
                self.vars.append((variable.ident[0], value, True))
        return value

    def set_var(self, name: str, value: Any) -> None:
        for index in range(len(self.vars) - 1, -1, -1):
            if self.vars[index][0] == name:
                self.vars[index] = (name, value, True)
                return
        self.errorf(f"undefined variable: {name}")

    def var(self, name: str) -> tuple[Any, bool]:
        for var_name, value, concrete in reversed(self.vars):
            if var_name == name:
                return value, concrete
        self.errorf(f"undefined variable: {name}")
        raise AssertionError

    def not_a_function(self, args: list[Any], final: Any) -> None:
        if len(args) > 1 or final is not MISSING:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def command(self, dot: Any, cmd: Command, final: Any) -> Any:
        first = cmd.args[0]
        if isinstance(first, Field):
            self.node = first
            return self.field_chain(dot, self.dot_concrete, first.ident, cmd.args, final)
        if isinstance(first, Chain):
            self.node = first
            if isinstance(first.node, Nil):
                self.errorf(f"indirection through explicit nil in {first}")
            return self.field_chain(self.arg(dot, first.node), True, first.fields, cmd.args,
                                    final)
        if isinstance(first, Identifier):
            return self.function(dot, first, cmd, cmd.args, final)
        if isinstance(first, Pipe):
            self.not_a_function(cmd.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, Variable):
            self.node = first
            value, concrete = self.var(first.ident[0])
            if len(first.ident) == 1:
                self.not_a_function(cmd.args, final)
                return value
            return self.field_chain(value, concrete, first.ident[1:], cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if isinstance(first, Bool):
            return first.value
        if isinstance(first, Dot):
            return dot
        if isinstance(first, Nil):
            self.errorf("nil is not a command")
        if isinstance(first, Number):
            return first.value
        if isinstance(first, String):
            return first.text
        raise UnsupportedTemplate(f"the command {first} in a go-template")

    def field_chain(self, receiver: Any, concrete: bool, names: list[str], args: list[Any],
                    final: Any) -> Any:
        for name in names[:-1]:
            receiver = self.field(name, receiver, concrete, [], MISSING)
            concrete = False  # a map's values are held in interface{}
        return self.field(names[-1], receiver, concrete, args, final)

    def field(self, name: str, receiver: Any, concrete: bool, args: list[Any],
              final: Any) -> Any:
        if receiver is NO_VALUE:
            if self.missing_key_error:
                self.errorf(f"nil data; no entry for key {go_quote(name)}")
            return NO_VALUE
        if receiver is None:
            self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if len(args) > 1 or final is not MISSING:
                self.errorf(f"{name} is not a method but has arguments")
            if name not in receiver and self.missing_key_error:
                self.errorf(f"map has no entry for key {go_quote(name)}")
            return receiver.get(name, NO_VALUE)
        shown = type_of(receiver) if concrete else "interface {}"
        self.errorf(f"can't evaluate field {name} in type {shown}")

    def arg(self, dot: Any, node: Any) -> Any:
        """An argument as a value (``evalArg`` with an ``interface{}`` or reflect.Value type)."""
        self.node = node
        if isinstance(node, Dot):
            return dot
        if isinstance(node, Nil):
            return None
        if isinstance(node, Field):
            return self.field_chain(dot, self.dot_concrete, node.ident, [node], MISSING)
        if isinstance(node, Variable):
            value, concrete = self.var(node.ident[0])
            return value if len(node.ident) == 1 else \
                self.field_chain(value, concrete, node.ident[1:], [], MISSING)
        if isinstance(node, Pipe):
            return self.pipeline(dot, node)
        if isinstance(node, Identifier):
            return self.function(dot, node, node, [node], MISSING)
        if isinstance(node, Chain):
            return self.field_chain(self.arg(dot, node.node), True, node.fields, [], MISSING)
        if isinstance(node, Bool):
            return node.value
        if isinstance(node, Number):
            return node.value
        if isinstance(node, String):
            return node.text
        raise UnsupportedTemplate(f"the argument {node} in a go-template")

    def function(self, dot: Any, node: Identifier, cmd: Any, args: list[Any],
                 final: Any) -> Any:
        self.node = node
        name = node.name
        arg_nodes = args[1:]
        if name in ("and", "or"):
            value: Any = NO_VALUE
            if not arg_nodes and final is MISSING:
                self.errorf(f"wrong number of args for {name}: want at least 1 got 0")
            for arg_node in arg_nodes:
                value = self.arg(dot, arg_node)
                if truth(value) == (name == "or"):
                    return value
            if final is not MISSING:
                value = final
            return value
        values = [self.arg(dot, arg_node) for arg_node in arg_nodes]
        if final is not MISSING:
            values.append(final)
        implementation = BUILTINS.get(name)
        if implementation is None:
            raise UnsupportedTemplate(f"the function {name} in a go-template")
        arity, call = implementation
        if arity >= 0 and len(values) != arity:
            self.errorf(f"wrong number of args for {name}: want {arity} got {len(values)}")
        if arity < 0 and len(values) < -arity - 1:
            self.errorf(f"wrong number of args for {name}: want at least {-arity - 1} got "
                        f"{len(arg_nodes)}")
        if name == "base64decode":
            values = [self.string_arg(values[0], arg_nodes, final)]
        elif name == "printf":
            values = [self.string_arg(values[0], arg_nodes, final), *values[1:]]
        try:
            return call(*values)
        except CallError as err:
            self.node = cmd
            self.errorf(f"error calling {name}: {err}")

    def string_arg(self, value: Any, arg_nodes: list[Any], final: Any) -> str:
        if isinstance(value, str):
            return value
        if value is NO_VALUE:
            self.errorf("invalid value; expected string")
        if arg_nodes and isinstance(arg_nodes[0], Number | Bool):
            self.errorf(f"expected string; found {arg_nodes[0]}")
        shown = "interface {}" if value is None else type_of(value)
        self.errorf(f"wrong type for value; expected string; got {shown}")
        raise AssertionError
