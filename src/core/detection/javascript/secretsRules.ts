import { calledName, findProperty, isTruthy, keyName, literalText, objectArgs, propertyName, stringValue, tail, type CallRule, type EsNode, type Hit } from './ast';

/** Environment variable names that hold credentials or key material. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|CLIENT_?SECRET|SIGNING_?KEY|ENCRYPTION_?KEY|_KEY$)/i;
/** Names that match but hold no secret: the shell's working directory, token lifetimes, scopes and endpoints. */
const NOT_SECRET = /^(OLD)?PWD$|_(EXPIRY|EXPIRES(_IN)?|EXPIRATION|SCOPES?|TTL|TIMEOUT|LIFETIME|LENGTH|ALGORITHM|ALG|HEADER|URL|URI|ENDPOINT)$/i;
/** The objects environment variables are read from. */
const ENV_OBJECTS = new Set(['process.env', 'Bun.env', 'import.meta.env']);

const SECRET_APIS: ReadonlyMap<string, string> = new Map([
	['@aws-sdk/client-secrets-manager.GetSecretValueCommand', 'Secret read from AWS Secrets Manager'],
	['@aws-sdk/client-secrets-manager.BatchGetSecretValueCommand', 'Secrets read from AWS Secrets Manager'],
	['@aws-sdk/client-secrets-manager.SecretsManager.getSecretValue', 'Secret read from AWS Secrets Manager'],
	['aws-sdk.SecretsManager.getSecretValue', 'Secret read from AWS Secrets Manager'],
	['@google-cloud/secret-manager.SecretManagerServiceClient.accessSecretVersion', 'Secret read from Google Secret Manager'],
	['@azure/keyvault-secrets.SecretClient.getSecret', 'Secret read from Azure Key Vault'],
	['node-vault.Client.read', 'Secret read from Vault'],
	['Deno.env.get', 'Secret read from the environment'],
]);
/** Method names specific enough to flag on any receiver. */
const SECRET_METHODS: ReadonlyMap<string, string> = new Map([
	['getSecretValue', 'Secret read from AWS Secrets Manager'],
	['accessSecretVersion', 'Secret read from Google Secret Manager'],
]);
const FILE_READERS = new Set(['fs.readFileSync', 'fs.readFile', 'fs/promises.readFile', 'fs-extra.readFileSync', 'fs-extra.readFile', 'fs-extra.readJson', 'fs-extra.readJsonSync']);
/** Words of a path or variable name that say key material or credentials. */
const KEY_WORDS = new Set(['key', 'pem', 'secret', 'secrets', 'credential', 'credentials', 'creds', 'p12', 'pfx', 'privkey', 'keyfile', 'keystore', 'jks', 'rsa', 'ed25519', 'passwd', 'password']);

/** True when an environment variable name looks like a secret. */
export function isSecretName(name: string): boolean {
	return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

function secret(api: string, message: string, at?: EsNode): Hit {
	return { category: 'secrets', api, message, at };
}

/**
 * `process.env.JWT_SECRET`, `process.env['DB_PASSWORD']`, `process.env[ENV_SECRET]`: `objectName` is the
 * member object's resolved name, `constant` the string a computed key's identifier is bound to.
 */
export function envMember(node: EsNode, objectName: string | null, constant?: string): Hit | null {
	if (objectName === null || !ENV_OBJECTS.has(objectName)) {
		return null;
	}
	const name = constant ?? keyName(node.property as EsNode, node.computed === true);
	return name !== null && isSecretName(name) ? secret(`${objectName}.${name}`, `Secret read from the environment (${name})`) : null;
}

/** `const { DB_PASSWORD } = process.env`: one hit per secret-looking property. */
export function envDestructuring(pattern: EsNode, initName: string | null): Hit[] {
	if (pattern.type !== 'ObjectPattern' || initName === null || !ENV_OBJECTS.has(initName)) {
		return [];
	}
	const hits: Hit[] = [];
	for (const prop of pattern.properties as EsNode[]) {
		const name = propertyName(prop);
		if (name !== null && isSecretName(name)) {
			hits.push(secret(`${initName}.${name}`, `Secret read from the environment (${name})`, prop));
		}
	}
	return hits;
}

/** The words of a name or path: `privateKeyPath` → private, key, path; `./certs/server.key` → certs, server, key. */
function words(text: string): string[] {
	return text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length > 0);
}

/** True when a path argument mentions key material: literals, names, `path.join(dir, 'server.key')`. */
function mentionsKeyMaterial(node: EsNode | undefined, depth = 0): boolean {
	if (node === undefined || depth > 3) {
		return false;
	}
	const text = literalText(node) ?? (node.type === 'Identifier' ? (node.name as string) : null);
	if (text !== null && (words(text).some((w) => KEY_WORDS.has(w)) || /id_(rsa|ed25519|ecdsa)/.test(text))) {
		return true;
	}
	switch (node.type) {
		case 'MemberExpression':
			return mentionsKeyMaterial(node.property as EsNode, depth + 1);
		case 'TemplateLiteral':
			return (node.expressions as EsNode[]).some((e) => mentionsKeyMaterial(e, depth + 1));
		case 'CallExpression':
			return (node.arguments as EsNode[]).some((a) => mentionsKeyMaterial(a, depth + 1));
		case 'BinaryExpression':
			return mentionsKeyMaterial(node.left as EsNode, depth + 1) || mentionsKeyMaterial(node.right as EsNode, depth + 1);
		default:
			return false;
	}
}

/** Secret managers, key files, environment getters, SSM parameters read with decryption. */
const secretsCallRule: CallRule = (site) => {
	const q = site.qname;
	if (q !== null) {
		const label = SECRET_APIS.get(q);
		if (label !== undefined) {
			const name = q === 'Deno.env.get' ? stringValue(site.args[0]) : '';
			return name === null || (name !== '' && !isSecretName(name)) ? null : secret(q, `${label}${name === '' ? '' : ` (${name})`}`);
		}
		if (FILE_READERS.has(q) && mentionsKeyMaterial(site.args[0])) {
			return secret(q, `Key material or credentials read from a file (${q})`);
		}
		if (q.startsWith('@azure/keyvault-secrets') || q.startsWith('node-vault')) {
			return null;
		}
	}
	const method = calledName(site);
	if (method === null) {
		return null;
	}
	const label = SECRET_METHODS.get(method) ?? (method === 'getSecret' && site.imports.has('@azure/keyvault-secrets') ? 'Secret read from Azure Key Vault' : undefined);
	if (label !== undefined && site.chain !== null && site.chain.length > 1) {
		return secret(tail(site.chain, 2), `${label} (${tail(site.chain, 2)})`);
	}
	if (objectArgs(site.args).some((o) => isTruthy(findProperty(o, 'WithDecryption')?.value as EsNode | undefined))) {
		const api = q ?? tail(site.chain, 2);
		return secret(api, `Encrypted parameter read with decryption (${api})`);
	}
	return null;
};

/** Secrets rules over calls, in order. */
export const SECRETS_RULES: readonly CallRule[] = [secretsCallRule];
