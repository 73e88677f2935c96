import type { ParsedSource } from '../../parse/parsedSource';
import type { Detector, RawFinding } from '../detector';
import { lexicalFindings } from './lexical';
import { Walker } from './walker';

/** Languages whose code TypeScript-ESTree parses (Vue and Svelte: their `<script>` blocks). */
const LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);

/**
 * The prefilter: every module, global and name a rule keys on (module names are in the import
 * text, so aliases are covered). Only words that are rare in ordinary code; one pass, no backtracking.
 */
const MAY_MATCH =
	/crypto|jsonwebtoken|jose|jw[tsa]|bcrypt|argon2|passport|session|forge|nacl|sodium|openid|oauth|msal|google-auth|webauthn|\botp|speakeasy|casbin|casl|accesscontrol|\bacl\b|https\b(?!:)|\btls\b|http2|process\b(?!\.(?!env\b))|Deno\.env|Bun\.env|import\.meta\.env|secret|keyvault|vault|WithDecryption|\bkms\b|readFile|readJson|audit|security|role|(?:has|check|require|ensure|assert)\w{0,8}(?:permission|authorit|scope|access)|(?:permissions|authorities)\s*\??\.\s*(?:includes|some|indexOf|has|find|every)\b|@\w*permissions|permission denied|authori[sz]|authenticat|isAdmin|enforce|abilit(?:y|ies)\s*\??\.\s*(?:can|cannot)\b|Ability\b|guard|log-?in|log-?out|rejectUnauthorized|strictSSL|checkServerIdentity|secureProtocol|minVersion|failed (log|sign|auth)|denied|forbidden|invalid (tok|cred|pass|api|sig|sess|otp)|password|account (locked|disabled)|too many|logged (in|out)|brute|privilege|acquireToken|getSecret/i;

/** Detectors for TypeScript and JavaScript (TypeScript-ESTree, import and alias tracking). */
export function javascriptDetectors(): Detector[] {
	return [
		{
			id: 'javascript',
			languages: LANGUAGES,
			mayMatch: (text) => MAY_MATCH.test(text),
			detect,
		},
	];
}

/** Findings of one file: from the syntax tree, or lexically when the file does not parse. */
async function detect(source: ParsedSource): Promise<RawFinding[]> {
	// The prefilter ran on the raw text; documentation comments (generated API clients are full of
	// "permission", "role", "password") must not cost a parse: test again on the code and strings.
	if (!MAY_MATCH.test(source.withoutComments())) {
		return [];
	}
	const parse = await source.estree().catch(() => null);
	if (parse !== null) {
		try {
			const walker = new Walker();
			walker.run(parse.root);
			return walker.hits.map(({ offset, hit }) => ({ ...source.lines.position(offset), category: hit.category, api: hit.api, message: hit.message }));
		} catch {
			// A tree too deep to walk (stack overflow): the lexical rules still see the file.
		}
	}
	return lexicalFindings(source.masked(), source.file.text).map(({ offset, category, api, message }) => ({ ...source.lines.position(offset), category, api, message }));
}
