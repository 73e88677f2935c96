/**
 * The tree-sitter grammar (`tree-sitter-<grammar>.wasm` in tree-sitter-wasms) of each language id
 * that has one. Scopes and detectors read the trees through their own per-grammar tables.
 */
export const TREE_SITTER_GRAMMARS: ReadonlyMap<string, string> = new Map([
	['python', 'python'],
	['go', 'go'],
	['java', 'java'],
	['csharp', 'c_sharp'],
	['kotlin', 'kotlin'],
	['rust', 'rust'],
	['c', 'c'],
	['cpp', 'cpp'],
	['cuda-cpp', 'cpp'],
	['swift', 'swift'],
	['ruby', 'ruby'],
	['php', 'php'],
	['scala', 'scala'],
	['lua', 'lua'],
	['shellscript', 'bash'],
]);
