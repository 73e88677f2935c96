/**
 * What the tree-sitter rule engine reads of a file, the same for every language: the file's imports and
 * typed names, and its sites (calls, constructors, decorators, references, writes, definitions, supertypes).
 * A language's node table ({@link SiteLanguage}) turns its grammar's nodes into these.
 */
import type { TsNode } from '../../scope/treeSitterNames';

export type SiteKind = 'call' | 'new' | 'decorator' | 'reference' | 'write' | 'define' | 'extends';

/** One use of a name in the code. */
export interface Site {
	readonly kind: SiteKind;
	/** Where a finding goes (a JS string offset). */
	readonly offset: number;
	/** The object's code, compacted (`self.conn`, `boto3.client("s3")`); null when there is none. */
	readonly receiver: string | null;
	/** The member or function name (`sha256`, `getInstance`, `InsecureSkipVerify`). */
	readonly member: string;
	/** The arguments' code (a call, constructor or decorator), the written value (a write) or the body (a definition). */
	readonly args: string;
	/** How many arguments (a call) or parameters (a definition). */
	readonly arity: number;
	/** The content of the first string argument or of a subscript (`os.environ["X"]`); null when there is none. */
	readonly key: string | null;
	/** Where a call's or constructor's arguments end (a JS string offset), when known. */
	readonly end?: number;
}

/** The dotted name of a site when it is a plain name (`h.sha256`, `Cipher.getInstance`), else null. */
export function siteName(site: Site): string | null {
	const whole = site.receiver === null ? site.member : `${site.receiver}.${site.member}`;
	return /^[A-Za-z_$][\w$]*(?:[.][A-Za-z_$][\w$]*)*$/.test(whole) && whole.length <= 300 ? whole : null;
}

/** Everything a file declares that resolution needs, and its sites. */
export class FileFacts {
	/** Local name → qualified name (`h` → `hashlib`, `Cipher` → `javax.crypto.Cipher`). */
	readonly aliases = new Map<string, string>();
	/** Packages or namespaces imported whole (`from x import *`, `import a.b.*`, `using X;`, Go `.` imports). */
	readonly wildcards: string[] = [];
	/** Variable, field or parameter → the type as written (`encoder` → `PasswordEncoder`). */
	readonly types = new Map<string, string>();
	/** Struct fields → their type, used only after a `.` (`m.Hash.New()`): Go, whose types are not tracked per scope. */
	readonly fields = new Map<string, string>();
	/** Functions and methods the file defines, as `name/arity`. */
	readonly defined = new Set<string>();
	readonly sites: Site[] = [];

	bind(local: string, qualified: string): void {
		this.aliases.set(local, qualified);
	}

	wildcard(pkg: string): void {
		if (!this.wildcards.includes(pkg)) {
			this.wildcards.push(pkg);
		}
	}

	/** `type`: as written (`PasswordEncoder`, `*tls.Config`), or a call's result (`ssl.create_default_context()`). */
	typed(name: string, type: string, into: Map<string, string> = this.types): void {
		const clean = type.replace(/<[\s\S]*$/, '').replace(/[?\s*&]/g, '');
		if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?$/.test(clean)) {
			into.set(name, clean);
		}
	}

	add(site: Site): void {
		if (site.kind === 'define') {
			this.defined.add(`${site.member}/${site.arity}`);
		}
		this.sites.push(site);
	}
}

/** Whitespace-compacted code, at most `max` characters. */
export function compact(text: string, max = 300): string {
	return text.length > max * 4 ? text.slice(0, max).replace(/\s+/g, '') : text.replace(/\s+/g, '').slice(0, max);
}

/** Code with each run of white space one space, at most `max` characters (a definition's body). */
export function spaced(text: string, max = 400): string {
	return text.slice(0, max * 4).replace(/\s+/g, ' ').slice(0, max);
}

/** The contents of a string literal at the start of `text` (`"X"`, `'X'`, `` `X` ``, `@"X"`), or null. */
export function leadingString(text: string): string | null {
	const m = /^\s*[rbuf@$]{0,2}(["'`])([^"'`\n]{1,200})\1/i.exec(text);
	return m === null ? null : m[2];
}

/** The code between a node's outer brackets (`(a, b)` → `a, b`). */
export function inner(node: TsNode | null | undefined): string {
	if (node === null || node === undefined) {
		return '';
	}
	const text = node.text;
	return /^[([{]/.test(text) ? text.slice(1, /[)\]}]$/.test(text) ? -1 : undefined) : text;
}

/**
 * Where a call's finding goes: the call's start, or its member's when a chain puts the member on a later
 * line (`builder\n  .AddJwtBearer(…)` is a site on the line of `.AddJwtBearer(`, as a reviewer marks it).
 */
export function callOffset(call: TsNode, member: TsNode | null | undefined): number {
	return member !== null && member !== undefined && member.startPosition.row > call.startPosition.row ? member.startIndex : call.startIndex;
}

/** A call-like site from its parts: `receiver.member(args)`. */
export function callSite(kind: SiteKind, offset: number, receiver: TsNode | string | null, member: string, args: TsNode | null | undefined, count?: number): Site {
	const receiverText = receiver === null ? null : compact(typeof receiver === 'string' ? receiver : receiver.text);
	const first = args?.firstNamedChild;
	return {
		kind, offset, receiver: receiverText === '' ? null : receiverText, member: member.replace(/<[\s\S]*$/, '').trim(), args: inner(args),
		arity: count ?? args?.namedChildren.filter((c) => !/comment/.test(c.type)).length ?? 0, key: first === null || first === undefined ? null : leadingString(first.text),
		...(args === null || args === undefined ? {} : { end: args.endIndex }),
	};
}

/** A dotted name split into its object and last member: `a.b.c` → [`a.b`, `c`]; `c` → [null, `c`]. */
export function splitName(dotted: string): [string | null, string] {
	const clean = dotted.replace(/<[\s\S]*$/, '').replace(/\s+/g, '');
	const dot = clean.lastIndexOf('.');
	return dot < 0 ? [null, clean] : [clean.slice(0, dot), clean.slice(dot + 1)];
}

/** A site for a name as written (`@a.b(args)`, `new a.B(args)`, `implements X`). */
export function nameSite(kind: SiteKind, offset: number, dotted: string, args: TsNode | null | undefined = null): Site {
	const [receiver, member] = splitName(dotted);
	return callSite(kind, offset, receiver, member, args);
}

/** What a language contributes for one node type: facts and sites. */
export type NodeReader = (node: TsNode, facts: FileFacts) => void;

/** How the tree-sitter rule engine reads one grammar. */
export interface SiteLanguage {
	/** Node type → its reader (imports, calls, constructors, decorators, writes, declarations…). */
	readonly nodes: Readonly<Record<string, NodeReader>>;
	/** Imports read from code text in a region that does not parse. */
	readonly lexImports: (code: string, facts: FileFacts) => void;
	/** Fully qualified names resolve as written (`javax.crypto.Cipher.getInstance(…)`, `System.Environment.GetEnvironmentVariable`). */
	readonly qualified: boolean;
	/** Namespaces every file imports whole (`java.lang`, C#'s global usings). */
	readonly implicit: readonly string[];
	/** A constructor call is written as a call to a capitalised name (Kotlin `SecureRandom()`). */
	readonly capitalisedNew?: boolean;
	/** Go: an import path's major-version suffix (`/v5`) is not part of the package's name. */
	readonly versionedPaths?: boolean;
	/** The suffix an attribute's class may carry (`AuthorizeAttribute` is `[Authorize]`). */
	readonly decoratorSuffix?: string;
}
