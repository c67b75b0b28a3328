// Guards every input passes through (pure: node, worker and browser): JSON text with bounded size
// and nesting, JSON values without prototype keys, terminal-safe printing, and array helpers that
// do not spread huge arrays onto the stack.
export { maxOf, minOf, pushAll } from './arrays';
export { MAX_JSON_DEPTH, JsonTextError, lineColumn, parseJsonText } from './jsonText';
export { PROTOTYPE_KEYS, checkJsonValue, type JsonValueProblem } from './jsonValue';
export { printable, printableLine } from './printable';
