/**
 * Names a file may call without defining or importing them. Python: CPython 3.11's builtins, with the
 * Python 2 ones old code still calls and the type checkers' `reveal_type`. JavaScript and TypeScript:
 * ECMAScript's globals, Node's and the browser's common ones, and test runners' globals (describe, it …).
 */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set([
  "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup", "BlockingIOError",
  "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
  "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
  "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError",
  "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
  "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
  "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
  "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError",
  "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
  "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
  "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
  "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
  "ZeroDivisionError", "__build_class__", "__import__", "abs", "aiter", "all", "anext", "any", "apply", "ascii",
  "basestring", "bin", "bool", "breakpoint", "buffer", "bytearray", "bytes", "callable", "chr", "classmethod", "cmp",
  "coerce", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval",
  "exec", "execfile", "exit", "file", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr",
  "hash", "help", "hex", "id", "input", "int", "intern", "isinstance", "issubclass", "iter", "len", "license",
  "list", "locals", "long", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow",
  "print", "property", "quit", "range", "raw_input", "reduce", "reload", "repr", "reveal_locals", "reveal_type",
  "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
  "unichr", "unicode", "vars", "xrange", "zip",
]);

export const JAVASCRIPT_GLOBALS: ReadonlySet<string> = new Set([
  "AbortController", "AbortSignal", "AggregateError", "Array", "ArrayBuffer", "Atomics", "Audio", "BigInt",
  "BigInt64Array", "BigUint64Array", "Blob", "Boolean", "BroadcastChannel", "Buffer", "CustomEvent", "DOMParser",
  "DataView", "Date", "Error", "EvalError", "Event", "EventTarget", "File", "FinalizationRegistry", "Float32Array",
  "Float64Array", "FormData", "Function", "Headers", "Image", "Int16Array", "Int32Array", "Int8Array",
  "IntersectionObserver", "Intl", "Map", "MessageChannel", "MutationObserver", "Notification", "Number", "Object",
  "Option", "PerformanceObserver", "Promise", "Proxy", "RangeError", "ReadableStream", "ReferenceError", "RegExp",
  "Request", "ResizeObserver", "Response", "Set", "SharedArrayBuffer", "String", "Symbol", "SyntaxError",
  "TextDecoder", "TextEncoder", "TransformStream", "TypeError", "URIError", "URL", "URLSearchParams", "Uint16Array",
  "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet", "WebSocket", "Worker",
  "WritableStream", "XMLHttpRequest", "after", "afterAll", "afterEach", "alert", "atob", "before", "beforeAll",
  "beforeEach", "btoa", "cancelAnimationFrame", "cancelIdleCallback", "clearImmediate", "clearInterval",
  "clearTimeout", "confirm", "context", "decodeURI", "decodeURIComponent", "define", "describe", "encodeURI",
  "encodeURIComponent", "escape", "eval", "expect", "fetch", "getComputedStyle", "import", "isFinite", "isNaN", "it",
  "jest", "matchMedia", "parseFloat", "parseInt", "prompt", "queueMicrotask", "requestAnimationFrame",
  "requestIdleCallback", "require", "setImmediate", "setInterval", "setTimeout", "structuredClone", "suite", "super",
  "test", "unescape", "vi",
]);
