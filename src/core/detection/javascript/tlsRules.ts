import { isFalsy, keyName, objectArgs, propertyName, stringValue, type CallRule, type EsNode, type Hit } from './ast';

const TLS_APIS: ReadonlyMap<string, string> = new Map([
	['https.createServer', 'HTTPS server created'],
	['https.Agent', 'HTTPS agent configured'],
	['https.Server', 'HTTPS server created'],
	['tls.connect', 'TLS connection opened'],
	['tls.createServer', 'TLS server created'],
	['tls.createSecureContext', 'TLS context created'],
	['tls.TLSSocket', 'TLS socket created'],
	['tls.Server', 'TLS server created'],
	['http2.createSecureServer', 'HTTP/2 TLS server created'],
]);
/** `https.request`/`get` count only with TLS options. */
const TLS_OPTION_CALLS = new Set(['https.request', 'https.get']);
const TLS_OPTIONS = new Set(['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'checkServerIdentity', 'secureProtocol', 'minVersion', 'maxVersion', 'ciphers', 'secureOptions', 'agent']);
const LEGACY_VERSIONS = /^(SSLv[23]|TLSv1(\.1)?|TLSv1_(1_)?(client_|server_)?method|SSLv[23]_(client_|server_)?method)$/;

function tls(api: string, message: string): Hit {
	return { category: 'tls', api, message };
}

/** https/tls servers, agents and connections. */
const tlsCallRule: CallRule = (site) => {
	const q = site.qname;
	if (q === null) {
		return null;
	}
	const label = TLS_APIS.get(q);
	if (label !== undefined) {
		return tls(q, `${label} with ${q}`);
	}
	if (TLS_OPTION_CALLS.has(q)) {
		const hasTlsOptions = objectArgs(site.args).some((o) => (o.properties as EsNode[]).some((p) => TLS_OPTIONS.has(propertyName(p) ?? '')));
		return hasTlsOptions ? tls(q, `HTTPS request with custom TLS options (${q})`) : null;
	}
	return null;
};

/** True for a function that accepts any server identity: `() => undefined`, `() => {}`, `function () { return; }`. */
function acceptsAnything(fn: EsNode): boolean {
	if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') {
		return false;
	}
	const body = fn.body as EsNode;
	if (body.type !== 'BlockStatement') {
		return (body.type === 'Identifier' && body.name === 'undefined') || (body.type === 'Literal' && body.value === null) || body.type === 'UnaryExpression';
	}
	const statements = body.body as EsNode[];
	return statements.length === 0 || (statements.length === 1 && statements[0].type === 'ReturnStatement' && statements[0].argument === null);
}

/** Object properties: `rejectUnauthorized: false`, `checkServerIdentity: () => undefined`, legacy TLS versions. */
export function tlsProperty(prop: EsNode): Hit | null {
	const name = propertyName(prop);
	const value = prop.value as EsNode;
	switch (name) {
		case 'rejectUnauthorized':
			return isFalsy(value) ? tls('rejectUnauthorized', 'TLS certificate validation disabled (rejectUnauthorized: false)') : null;
		case 'strictSSL':
			return isFalsy(value) ? tls('strictSSL', 'TLS certificate validation disabled (strictSSL: false)') : null;
		case 'checkServerIdentity':
			return acceptsAnything(value)
				? tls('checkServerIdentity', 'TLS hostname verification disabled (checkServerIdentity accepts any certificate)')
				: value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression'
					? tls('checkServerIdentity', 'Custom TLS server identity check')
					: null;
		case 'secureProtocol':
		case 'minVersion': {
			const version = stringValue(value);
			return version !== null && LEGACY_VERSIONS.test(version) ? tls(name, `Legacy TLS version allowed (${name}: '${version}')`) : null;
		}
		case null:
		default:
			return null;
	}
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` and `options.rejectUnauthorized = false`. */
export function tlsAssignment(node: EsNode, leftName: string | null): Hit | null {
	const left = node.left as EsNode;
	const right = node.right as EsNode;
	if (node.operator !== '=' || left.type !== 'MemberExpression' || !isFalsy(right)) {
		return null;
	}
	if (leftName === 'process.env.NODE_TLS_REJECT_UNAUTHORIZED') {
		return tls(leftName, 'TLS certificate validation disabled for the whole process (NODE_TLS_REJECT_UNAUTHORIZED=0)');
	}
	const property = keyName(left.property as EsNode, left.computed === true);
	return property === 'rejectUnauthorized' ? tls('rejectUnauthorized', 'TLS certificate validation disabled (rejectUnauthorized = false)') : null;
}

/** TLS rules over calls, in order. */
export const TLS_RULES: readonly CallRule[] = [tlsCallRule];
