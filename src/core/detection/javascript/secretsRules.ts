import { calledName, findProperty, isTruthy, keyName, literalText, objectArgs, propertyName, stringValue, tail, type CallRule, type EsNode, type Hit } from './ast';
import { isSecretName, namesKeyMaterial } from '../names';

export { isSecretName };

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

/** True when a path argument mentions key material: literals, names, `path.join(dir, 'server.key')`. */
function mentionsKeyMaterial(node: EsNode | undefined, depth = 0): boolean {
	if (node === undefined || depth > 3) {
		return false;
	}
	const text = literalText(node) ?? (node.type === 'Identifier' ? (node.name as string) : null);
	if (text !== null && namesKeyMaterial(text)) {
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
