import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { ConfigError } from '../errors';

/**
 * A parsed YAML file that can name the `line:col` of any node, for schema errors. Throws
 * `ConfigError` at the first syntax error.
 */
export class YamlFile {
	readonly root: Node | null;
	/** The parsed document (to resolve aliases). */
	readonly doc: Document;
	private readonly lines = new LineCounter();

	constructor(readonly path: string, text: string) {
		const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
		this.doc = doc;
		const first = doc.errors[0];
		if (first) {
			const at = this.lines.linePos(first.pos[0]);
			throw new ConfigError(path, at.line, at.col, `invalid YAML: ${first.message.split('\n')[0]}`);
		}
		this.root = (doc.contents) ?? null;
	}

	/** 1-based position of a node (or of the file start when the node is missing). */
	pos(node: Node | null | undefined): { line: number; column: number } {
		const offset = node?.range?.[0] ?? 0;
		const at = this.lines.linePos(offset);
		return { line: at.line, column: at.col };
	}

	/** A ConfigError at a node. */
	error(node: Node | null | undefined, message: string): ConfigError {
		const { line, column } = this.pos(node);
		return new ConfigError(this.path, line, column, message);
	}

	/** The node as a map, or an error naming what was expected. */
	map(node: Node | null | undefined, what: string): YAMLMap<Node, Node> {
		if (!isMap(node)) {
			throw this.error(node, `${what} must be a mapping`);
		}
		return node as YAMLMap<Node, Node>;
	}

	/** Key/value pairs of a map, rejecting keys not in `allowed`. */
	pairs(map: YAMLMap<Node, Node>, what: string, allowed?: readonly string[]): { key: string; keyNode: Node; value: Node | null }[] {
		return map.items.map((pair: Pair<Node, Node>) => {
			const keyNode = pair.key;
			const key = isScalar(keyNode) ? String(keyNode.value) : '';
			if (allowed && !allowed.includes(key)) {
				throw this.error(keyNode, `unknown key '${key}' in ${what}; expected one of ${allowed.join(', ')}`);
			}
			return { key, keyNode, value: pair.value ?? null };
		});
	}

	string(node: Node | null, what: string, allowEmpty = false): string {
		if (!isScalar(node) || typeof node.value !== 'string' || (!allowEmpty && node.value.trim() === '')) {
			throw this.error(node, `${what} must be a ${allowEmpty ? '' : 'non-empty '}string`);
		}
		return node.value;
	}

	/** A string, or a number written without quotes (`version: 2022`). */
	stringish(node: Node | null, what: string): string {
		if (isScalar(node) && typeof node.value === 'number') {
			return String(node.value);
		}
		return this.string(node, what);
	}

	boolean(node: Node | null, what: string): boolean {
		if (!isScalar(node) || typeof node.value !== 'boolean') {
			throw this.error(node, `${what} must be true or false`);
		}
		return node.value;
	}

	number(node: Node | null, what: string): number {
		if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
			throw this.error(node, `${what} must be a number`);
		}
		return node.value;
	}

	/** A list of non-empty strings (a single string is accepted as a list of one). */
	stringList(node: Node | null, what: string): { value: string; node: Node }[] {
		if (isScalar(node) && typeof node.value === 'string') {
			return [{ value: this.string(node, what), node }];
		}
		if (!isSeq(node)) {
			throw this.error(node, `${what} must be a list of strings`);
		}
		return (node.items as Node[]).map((item) => ({ value: this.string(item, `each entry of ${what}`), node: item }));
	}

	/** Items of a sequence. */
	seq(node: Node | null, what: string): Node[] {
		if (!isSeq(node)) {
			throw this.error(node, `${what} must be a list`);
		}
		return node.items as Node[];
	}
}
