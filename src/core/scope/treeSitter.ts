import type Parser from 'web-tree-sitter';
import type { Comment, Scope } from '../types';
import { type CodeText, fileScope } from './text';
import { itemScope, type NodeInfo, resolveInTree, type SyntaxView } from './tree';
import type { TsLanguage } from './treeSitterLanguages';
import { bindsFunction, type TsNode } from './treeSitterNames';

/**
 * Resolves the scopes of `comments` on the file's tree-sitter tree. An entry is null where the
 * tree is broken around the comment (the caller then uses the lexical resolver).
 */
export function resolveWithTreeSitter(tree: Parser.Tree, language: TsLanguage, code: CodeText, comments: readonly Comment[]): (Scope | null)[] {
	const view = new TreeSitterView(tree.rootNode, language);
	const options = { indentation: language.indentation === true };
	return comments.map((comment) => {
		try {
			const docstring = comment.kind === 'doc' && language.indentation === true ? docstringScope(view, code, comment) : undefined;
			return docstring !== undefined ? docstring : resolveInTree(view, code, comment, options);
		} catch {
			return null;
		}
	});
}

/** A Python docstring opening a `def` or `class` covers it; one opening the module covers the file. */
function docstringScope(view: TreeSitterView, code: CodeText, comment: Comment): Scope | undefined {
	const nodes = view.pathAt(comment.start);
	const i = nodes.findIndex((n) => n.type === 'expression_statement' && n.startIndex === comment.start);
	if (i < 1 || nodes[i].hasError) {
		return undefined;
	}
	const parent = nodes[i - 1];
	const first = parent.namedChildren.find((n) => !view.isCommentNode(n));
	if (first === undefined || first.startIndex !== comment.start) {
		return undefined;
	}
	if (i === 1) {
		return fileScope(code.lines);
	}
	if (parent.type !== 'block' || i < 3) {
		return undefined;
	}
	const owner = nodes[i - 3]?.type === 'decorated_definition' ? i - 3 : i - 2;
	return itemScope(view, code, nodes, owner, 'declaration');
}

const PLAIN: NodeInfo = { decl: false, name: null, qualifies: true };
const SEMICOLONS = /^(?:;|_?automatic_semicolon|_semi|_newline|newline|_line_break)$/;

/** {@link SyntaxView} over a tree-sitter tree, read through a {@link TsLanguage} table. */
class TreeSitterView implements SyntaxView<TsNode> {
	constructor(
		private readonly root: TsNode,
		private readonly language: TsLanguage,
	) {}

	pathAt(offset: number): TsNode[] {
		const nodes: TsNode[] = [];
		for (let node: TsNode | null = this.root.descendantForIndex(offset, offset + 1); node !== null; node = node.parent) {
			nodes.push(node);
		}
		return nodes.reverse();
	}

	startOf(node: TsNode): number {
		return node.startIndex;
	}

	/** The end of the last child that is not a comment, so trailing comments stay outside. */
	endOf(node: TsNode): number {
		let current = node;
		for (let depth = 0; depth < 64 && current.childCount > 0; depth++) {
			let k = current.childCount - 1;
			while (k >= 0 && this.isTrivia(current.child(k))) {
				k--;
			}
			const last = k >= 0 ? current.child(k) : null;
			if (last === null) {
				break;
			}
			current = last;
		}
		return current === node ? node.endIndex : current.endIndex;
	}

	isStatement(node: TsNode, parent: TsNode): boolean {
		const { blocks, compounds } = this.language;
		if (!node.isNamed || this.isCommentNode(node) || (blocks.has(node.type) && compounds?.has(node.type) !== true)) {
			return false;
		}
		if (!this.isBlock(parent)) {
			return false;
		}
		return !(this.language.fieldBlocks?.has(parent.type) === true && fieldOf(node, parent) !== null);
	}

	isBlock(node: TsNode): boolean {
		return this.language.blocks.has(node.type) || node.id === this.root.id;
	}

	info(node: TsNode, parent: TsNode): NodeInfo {
		let current = node;
		for (let wrapper = this.language.wrappers?.[current.type]; wrapper !== undefined; wrapper = this.language.wrappers?.[current.type]) {
			const inner = wrapper === '*' ? current.lastNamedChild : current.childForFieldName(wrapper);
			if (inner === null) {
				break;
			}
			current = inner;
		}
		const language = this.language;
		const decl = language.decls[current.type];
		if (decl !== undefined) {
			return { decl: true, name: decl(current), qualifies: language.namespaces?.has(current.type) !== true };
		}
		const member = language.members?.[current.type];
		if (member !== undefined && language.memberBodies?.has(parent.type) === true) {
			return { decl: true, name: member(current), qualifies: true };
		}
		const named = language.named?.[current.type];
		if (named !== undefined) {
			return { decl: bindsFunction(current), name: named(current), qualifies: true };
		}
		return PLAIN;
	}

	isDubious(node: TsNode, chosen: boolean): boolean {
		if (node.isError || node.type === 'ERROR') {
			return true;
		}
		if (!chosen || !node.hasError) {
			return false;
		}
		// Error recovery inside the chosen node: trust it unless the damage is at its own level.
		return node.children.some((child) => child.type === 'ERROR' || (child.isMissing && !SEMICOLONS.test(child.type)));
	}

	target(node: TsNode): TsNode {
		const attributes = this.language.attributes;
		if (attributes === undefined || !attributes.has(node.type)) {
			return node;
		}
		let next = node.nextNamedSibling;
		while (next !== null && (attributes.has(next.type) || this.isCommentNode(next))) {
			next = next.nextNamedSibling;
		}
		return next ?? node;
	}

	/** True for comment nodes (every grammar names them `comment`, `line_comment`, `block_comment`, …). */
	isCommentNode(node: TsNode): boolean {
		return node.type.includes('comment');
	}

	private isTrivia(node: TsNode | null): boolean {
		return node !== null && (this.isCommentNode(node) || (node.isMissing && node.startIndex === node.endIndex));
	}
}

/** The field under which `parent` holds `node`, or null. */
function fieldOf(node: TsNode, parent: TsNode): string | null {
	for (let k = 0; k < parent.childCount; k++) {
		const child = parent.child(k);
		if (child !== null && child.startIndex === node.startIndex && child.endIndex === node.endIndex && child.type === node.type) {
			return parent.fieldNameForChild(k);
		}
	}
	return null;
}
