// Source navigation (pure): where a C function is defined in a file's text.
export { findFunctionDefinition, blankCommentsAndStrings, type FunctionDefinition } from './functionLocator';
