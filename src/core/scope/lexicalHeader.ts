/** What the lexical resolver can tell from the first line(s) of a statement. */
export interface HeaderInfo {
	readonly decl: boolean;
	readonly name: string | null;
}

type Rule = readonly [pattern: RegExp, name: (m: RegExpExecArray) => string, decl: boolean];

const alternatives = (words: string): string => `(?:${words.trim().split(/\s+/).join('|')})`;
const MODIFIERS = `(?:${alternatives(`
	export default declare public private protected internal static abstract final sealed open override virtual async
	pub(?:\\([^)]*\\))? unsafe extern inline partial data suspend local const readonly synchronized native fileprivate
`)}\\s+)`;
const DECL_KEYWORDS = alternatives(`
	function\\*? def defp defmodule func fn fun sub proc procedure class interface struct enum trait type module namespace
	object protocol record union macro extension actor mixin package
`);
const NAME = '([A-Za-z_$][\\w$]*(?:(?:\\.|::)[A-Za-z_$][\\w$]*)*)';

/** Words that open control flow, never a declared name. */
const KEYWORDS = new Set([
	'if', 'else', 'elif', 'elsif', 'for', 'foreach', 'while', 'until', 'do', 'switch', 'case', 'when', 'catch', 'try', 'finally',
	'return', 'with', 'match', 'unless', 'loop', 'select', 'where', 'begin', 'end', 'then', 'new', 'await', 'yield', 'throw',
	'import', 'from', 'using', 'require', 'include', 'echo', 'print', 'set', 'not', 'and', 'or', 'in', 'is', 'lambda',
]);

/** Rules tried in order on a statement's header (whitespace collapsed, comments and strings as written). */
const RULES: readonly Rule[] = [
	// Go method: func (s *Server) Login(
	[/^func\s*\(\s*\w*\s*\*?\s*([A-Za-z_]\w*)[^)]*\)\s*([A-Za-z_]\w*)/, (m) => `${m[1]}.${m[2]}`, true],
	// Rust impl blocks name their type: impl<T> Display for Creds<T>
	[/^(?:unsafe\s+)?impl\b(?:\s*<[^>]*>)?\s+(?:[\w:]+(?:<[^>]*>)?\s+for\s+)?([\w:]+)/, (m) => m[1], true],
	// Terraform / HCL blocks, named the way Terraform addresses them
	[/^(resource|data)\s+"([^"]+)"\s+"([^"]+)"/, (m) => (m[1] === 'data' ? `data.${m[2]}.${m[3]}` : `${m[2]}.${m[3]}`), true],
	[/^(module|variable|output|provider)\s+"([^"]+)"/, (m) => `${m[1] === 'variable' ? 'var' : m[1]}.${m[2]}`, true],
	[/^(locals|terraform)\s*\{/, (m) => m[1], true],
	// SQL definitions
	[
		/^create\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|unique|materialized|global)\s+)*(?:table|view|function|procedure|trigger|policy|role|user|index|schema|type|sequence|extension|database)\s+(?:if\s+not\s+exists\s+)?([\w."`[\]]+)/i,
		(m) => m[1].replace(/["`[\]]/g, ''),
		true,
	],
	// Keyword declarations: function f, def f, class C, fn f, func f, struct S, …
	[new RegExp(`^${MODIFIERS}*${DECL_KEYWORDS}\\s+${NAME}`), (m) => m[1], true],
	// A name bound to a function: const f = async (…) => …, handler = lambda …
	[
		new RegExp(`^(?:export\\s+)?(?:(?:const|let|var|val|local)\\s+)?${NAME}\\s*(?::[^=]*)?=\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]*)?=>|[A-Za-z_$][\\w$]*\\s*=>|lambda\\b|fun\\b|func\\b|proc\\b|->)`),
		(m) => m[1],
		true,
	],
	// Plain bindings: const key = …, local x = …, my $x = …
	[/^(?:export\s+)?(?:const|let|var|val|local|my|our|auto|dim|declare)\s+[$@%]?([A-Za-z_][\w]*)/i, (m) => m[1], false],
	// Members with modifiers: public IActionResult Delete(…), private final String key = …
	[new RegExp(`^${MODIFIERS}+(?:[\\w<>[\\],.?*&:]+\\s+)*?([A-Za-z_$][\\w$]*)\\s*(?:<[^>]*>)?\\s*[(=;:{]`), (m) => m[1], true],
	// C-style functions: int main(void) {
	[/^(?:[\w<>:*&[\]]+\s+)+\**([A-Za-z_]\w*)\s*\([^;{]*\)\s*(?:const\s*)?(?:->\s*[^{]+)?\{/, (m) => m[1], true],
	// Class methods without keyword: login(user) {, async *items() {
	[/^(?:(?:async|static|get|set|override)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{=]*)?\{/, (m) => m[1], true],
	// Assignments and keys: key: value, name = value, foo.bar = …
	[/^-?\s*[$@]?([A-Za-z_][\w.-]*)\s*(?::(?!:)|=(?![=>~]))/, (m) => m[1], false],
];

/** Declaration-ness and name of a statement from its header text. */
export function describeHeader(header: string): HeaderInfo {
	const text = header.replace(/\s+/g, ' ').trim().slice(0, 400);
	for (const [pattern, name, decl] of RULES) {
		const m = pattern.exec(text);
		if (m !== null) {
			const found = normalise(name(m));
			if (found !== null && !KEYWORDS.has(found.toLowerCase())) {
				return { decl, name: found };
			}
		}
	}
	return { decl: false, name: null };
}

/** `self.create` → `create`, `module.exports.x` → `x`, `Foo.prototype.bar` → `Foo.bar`, `A::b` → `A.b`. */
function normalise(name: string): string | null {
	const cleaned = name
		.replace(/::/g, '.')
		.replace(/^(?:self|this)\./, '')
		.replace(/^(?:module\.)?exports(?:\.|$)/, '')
		.replace(/\.prototype\./, '.');
	return cleaned.length > 0 ? cleaned : null;
}
