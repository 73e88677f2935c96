import type { Comment, Scope } from '../types';
import { type CodeText, fileScope, rangeScope } from './text';

/** What the scope algorithm needs to know about one statement-level node. */
export interface NodeInfo {
	/** A declaration (function, class, method, named function value, …) rather than a plain statement. */
	readonly decl: boolean;
	/** The name it declares, unqualified, or null. */
	readonly name: string | null;
	/** False for containers that do not take part in qualified names (C# or C++ namespaces). */
	readonly qualifies: boolean;
}

/**
 * A parsed file seen by the scope algorithm, whatever the parser. `N` is the parser's node type.
 * Paths run from the root down; `path[i - 1]` is the parent of `path[i]`.
 */
export interface SyntaxView<N> {
	/** Nodes from the root down to the deepest node containing `offset`. */
	pathAt(offset: number): N[];
	/** Start offset, widened to decorators and attributes that belong to the node. */
	startOf(node: N): number;
	/** End offset (exclusive), without trailing comments. */
	endOf(node: N): number;
	/** True when `node` sits in a statement list (or is an object-literal member, a class member, …). */
	isStatement(node: N, parent: N): boolean;
	/** True for nodes that hold a list of statements or members (blocks, class bodies, the root). */
	isBlock(node: N): boolean;
	info(node: N, parent: N): NodeInfo;
	/** True when the parser could not make sense of `node` (tree-sitter ERROR nodes). */
	isDubious(node: N, chosen: boolean): boolean;
	/**
	 * The node an attribute-like statement belongs to (a Rust `#[derive]` item is a sibling of the
	 * struct it decorates), or `node` itself.
	 */
	target(node: N, parent: N): N;
}

/** Thrown inside the algorithm when the tree is too broken to trust; the caller falls back. */
export class DubiousTree extends Error {}

/** Options of one language's tree resolution. */
export interface TreeOptions {
	/** Blocks are delimited by indentation (Python): a dedented comment ends the block above it. */
	readonly indentation: boolean;
}

/**
 * Resolves the scope of a non-file-level annotation comment on a parsed tree. Returns null when the
 * tree is broken around the comment, so the caller can use the lexical resolver instead.
 */
export function resolveInTree<N>(view: SyntaxView<N>, code: CodeText, comment: Comment, options: TreeOptions): Scope | null {
	try {
		if (comment.trailing) {
			return resolveTrailing(view, code, comment);
		}
		if (options.indentation) {
			const dedented = resolveDedented(view, code, comment);
			if (dedented !== undefined) {
				return dedented;
			}
		}
		const q = code.nextCode(comment.end);
		if (q < 0) {
			return enclosingScope(view, code, view.pathAt(comment.start), comment.start);
		}
		const path = view.pathAt(q);
		for (let i = 1; i < path.length; i++) {
			if (view.isStatement(path[i], path[i - 1]) && view.startOf(path[i]) >= comment.end) {
				return itemScope(view, code, path, i, null);
			}
		}
		return enclosingScope(view, code, path, comment.start);
	} catch (error) {
		if (error instanceof DubiousTree) {
			return null;
		}
		throw error;
	}
}

/** A comment trailing code covers the smallest statement holding the code before it. */
function resolveTrailing<N>(view: SyntaxView<N>, code: CodeText, comment: Comment): Scope | null {
	let p = code.prevCode(comment.start);
	if (p > 0 && code.text[p] === ',') {
		// `secret: 'x', // note`: the comma belongs to the list, the note to the item before it.
		p = code.prevCode(p);
	}
	if (p < 0) {
		return null;
	}
	const path = view.pathAt(p);
	const i = deepestStatement(view, path, path.length - 1);
	return i < 0 ? null : itemScope(view, code, path, i, null);
}

/**
 * Indentation languages: a comment indented deeper than the code after it closes the block above
 * it (`# note` as the last line of a `def`), so it covers that block's owner.
 */
function resolveDedented<N>(view: SyntaxView<N>, code: CodeText, comment: Comment): Scope | undefined {
	const lines = code.lines;
	const column = lines.column(comment.start);
	const q = code.nextCode(comment.end);
	const nextColumn = q < 0 ? 0 : lines.column(q);
	const p = code.prevCode(comment.start);
	if (column <= nextColumn || p < 0) {
		return undefined;
	}
	const path = view.pathAt(p);
	for (let i = deepestStatement(view, path, path.length - 1); i > 0; i = deepestStatement(view, path, i - 1)) {
		if (lines.column(view.startOf(path[i])) < column) {
			return enclosingAt(view, code, path, i);
		}
	}
	return undefined;
}

/**
 * A comment followed by no statement of its own block: the deepest statement holding it decides.
 * At the end of a block of a compound statement the enclosing declaration wins; at top level, the file.
 */
function enclosingScope<N>(view: SyntaxView<N>, code: CodeText, path: N[], offset: number): Scope {
	let i = deepestStatement(view, path, path.length - 1);
	while (i > 0 && view.startOf(path[i]) >= offset) {
		i = deepestStatement(view, path, i - 1);
	}
	if (i <= 0) {
		checkPath(view, path, path.length - 1);
		return fileScope(code.lines);
	}
	const inBlock =
		path.slice(i + 1).some((node) => view.isBlock(node) && view.startOf(node) < offset) ||
		followsInnerStatement(view, code, path[i], i, offset);
	return inBlock ? enclosingAt(view, code, path, i) : itemScope(view, code, path, i, null);
}

/** True when code of a statement nested in `node` (at depth `i`) comes before `offset`. */
function followsInnerStatement<N>(view: SyntaxView<N>, code: CodeText, node: N, i: number, offset: number): boolean {
	const p = code.prevCode(offset);
	if (p < view.startOf(node)) {
		return false;
	}
	const path = view.pathAt(p);
	const same = path[i] !== undefined && view.startOf(path[i]) === view.startOf(node) && view.endOf(path[i]) === view.endOf(node);
	return same && deepestStatement(view, path, path.length - 1) > i;
}

/** The nearest declaration at or above `path[i]`, else `path[i]` itself as a statement. */
function enclosingAt<N>(view: SyntaxView<N>, code: CodeText, path: N[], i: number): Scope {
	for (let j = i; j > 0; j = deepestStatement(view, path, j - 1)) {
		if (view.info(view.target(path[j], path[j - 1]), path[j - 1]).decl) {
			return itemScope(view, code, path, j, 'declaration');
		}
	}
	return itemScope(view, code, path, i, 'statement');
}

/** Index of the deepest statement-level node in `path[1..from]`, or -1. */
function deepestStatement<N>(view: SyntaxView<N>, path: N[], from: number): number {
	for (let i = Math.min(from, path.length - 1); i > 0; i--) {
		if (view.isStatement(path[i], path[i - 1])) {
			return i;
		}
	}
	return -1;
}

/** Throws {@link DubiousTree} when a node on the path (the chosen `path[i]` above all) is a parse error. */
function checkPath<N>(view: SyntaxView<N>, path: N[], i: number): void {
	for (let j = 0; j < path.length; j++) {
		if (view.isDubious(path[j], j === i)) {
			throw new DubiousTree();
		}
	}
}

/** The scope of statement `path[i]`, with its kind from the node unless `kind` forces it. */
export function itemScope<N>(view: SyntaxView<N>, code: CodeText, path: N[], i: number, kind: 'declaration' | 'statement' | null): Scope {
	checkPath(view, path, i);
	const node = path[i];
	const target = view.target(node, path[i - 1]);
	if (target !== node && view.isDubious(target, true)) {
		throw new DubiousTree();
	}
	const info = view.info(target, path[i - 1]);
	const decl = kind === null ? info.decl : kind === 'declaration';
	const symbol = decl ? qualifiedName(view, path, i, info.name) : (info.name ?? enclosingDeclarationName(view, path, i));
	return rangeScope(code.lines, decl ? 'declaration' : 'statement', view.startOf(node), view.endOf(target), symbol);
}

/** `Outer.Inner.name`: the names of the named statements enclosing `path[i]`, then `name`. */
function qualifiedName<N>(view: SyntaxView<N>, path: N[], i: number, name: string | null): string | null {
	const parts: string[] = [];
	for (let j = deepestStatement(view, path, i - 1); j > 0; j = deepestStatement(view, path, j - 1)) {
		const info = view.info(view.target(path[j], path[j - 1]), path[j - 1]);
		if (info.name !== null && info.qualifies) {
			parts.unshift(info.name);
		}
	}
	if (name !== null) {
		parts.push(name);
	}
	return parts.length > 0 ? parts.join('.') : null;
}

/** Qualified name of the nearest declaration enclosing `path[i]`, or null. */
function enclosingDeclarationName<N>(view: SyntaxView<N>, path: N[], i: number): string | null {
	for (let j = deepestStatement(view, path, i - 1); j > 0; j = deepestStatement(view, path, j - 1)) {
		const info = view.info(view.target(path[j], path[j - 1]), path[j - 1]);
		if (info.decl) {
			return qualifiedName(view, path, j, info.name);
		}
	}
	return null;
}
