import { receiverName, calledName, literalText, tail, type CallRule, type EsNode, type Hit } from './ast';

const PASSWORD_MODULES = new Set(['bcrypt', 'bcryptjs', '@node-rs/bcrypt', 'bcrypt-ts', 'argon2', '@node-rs/argon2']);
const PASSWORD_FUNCTIONS: ReadonlyMap<string, string> = new Map([
	['hash', 'Password hashed'],
	['hashSync', 'Password hashed'],
	['compare', 'Password verified'],
	['compareSync', 'Password verified'],
	['verify', 'Password verified'],
	['genSalt', 'Password salt generated'],
	['genSaltSync', 'Password salt generated'],
]);

const UNVERIFIED = 'JWT decoded without verification';

/** Exact qualified names of authentication APIs. */
const AUTH_APIS: ReadonlyMap<string, string> = new Map([
	['jsonwebtoken.sign', 'JWT signed'],
	['jsonwebtoken.verify', 'JWT verified'],
	['jsonwebtoken.decode', UNVERIFIED],
	['jws.sign', 'JWS token signed'],
	['jws.verify', 'JWS token verified'],
	['jws.createSign', 'JWS token signed (stream)'],
	['jws.createVerify', 'JWS token verified (stream)'],
	['jose.SignJWT', 'JWT signed'],
	['jose.EncryptJWT', 'JWT encrypted'],
	['jose.UnsecuredJWT', 'Unsecured JWT built'],
	['jose.jwtVerify', 'JWT verified'],
	['jose.jwtDecrypt', 'JWT decrypted'],
	['jose.decodeJwt', UNVERIFIED],
	['jose.CompactSign', 'JWS signed'],
	['jose.FlattenedSign', 'JWS signed'],
	['jose.GeneralSign', 'JWS signed'],
	['jose.compactVerify', 'JWS verified'],
	['jose.flattenedVerify', 'JWS verified'],
	['jose.generalVerify', 'JWS verified'],
	['jose.createRemoteJWKSet', 'Remote JWK set for token verification'],
	['jwt-decode', UNVERIFIED],
	['jwt-decode.jwtDecode', UNVERIFIED],
	['express-jwt', 'JWT verification middleware'],
	['express-jwt.expressjwt', 'JWT verification middleware'],
	['koa-jwt', 'JWT verification middleware'],
	['jwks-rsa', 'JWKS client for token verification'],
	['jwks-rsa.expressJwtSecret', 'JWKS key retrieval for token verification'],
	['jwks-rsa.passportJwtSecret', 'JWKS key retrieval for token verification'],
	['jwks-rsa.JwksClient.getSigningKey', 'JWKS signing key retrieved'],
	['@nestjs/jwt.JwtService.sign', 'JWT signed'],
	['@nestjs/jwt.JwtService.signAsync', 'JWT signed'],
	['@nestjs/jwt.JwtService.verify', 'JWT verified'],
	['@nestjs/jwt.JwtService.verifyAsync', 'JWT verified'],
	['@nestjs/jwt.JwtService.decode', UNVERIFIED],
	['@nestjs/passport.AuthGuard', 'Authentication guard'],
	['@nestjs/passport.PassportStrategy', 'Passport strategy'],
	['passport.use', 'Passport strategy registered'],
	['passport.authenticate', 'Passport authentication'],
	['passport.serializeUser', 'Passport session serialisation'],
	['passport.deserializeUser', 'Passport session deserialisation'],
	['passport.session', 'Passport session middleware'],
	['express-session', 'Session middleware configured'],
	['cookie-session', 'Cookie session configured'],
	['koa-session', 'Session middleware configured'],
	['iron-session.getIronSession', 'Encrypted session opened'],
	['iron-session.sealData', 'Session data sealed'],
	['iron-session.unsealData', 'Session data unsealed'],
	['next-auth', 'NextAuth configured'],
	['next-auth.getServerSession', 'Session retrieved'],
	['next-auth/next.getServerSession', 'Session retrieved'],
	['next-auth/jwt.getToken', 'Session token read'],
	['next-auth/react.signIn', 'Sign-in started'],
	['next-auth/react.signOut', 'Sign-out'],
	['openid-client.Issuer.discover', 'OIDC issuer discovered'],
	['openid-client.Client', 'OIDC client configured'],
	['openid-client.discovery', 'OIDC issuer discovered'],
	['openid-client.authorizationCodeGrant', 'OAuth code exchanged for tokens'],
	['openid-client.refreshTokenGrant', 'OAuth token refreshed'],
	['openid-client.clientCredentialsGrant', 'OAuth client-credentials grant'],
	['openid-client.buildAuthorizationUrl', 'OAuth authorization URL built'],
	['openid-client.fetchUserInfo', 'OIDC user info fetched'],
	['simple-oauth2.AuthorizationCode', 'OAuth2 client configured'],
	['simple-oauth2.ClientCredentials', 'OAuth2 client configured'],
	['simple-oauth2.ResourceOwnerPassword', 'OAuth2 client configured'],
	['google-auth-library.OAuth2Client', 'OAuth2 client configured'],
	['google-auth-library.GoogleAuth', 'Google credentials configured'],
	['google-auth-library.JWT', 'Service-account JWT client configured'],
	['googleapis.google.auth.OAuth2', 'OAuth2 client configured'],
	['@azure/msal-node.ConfidentialClientApplication', 'MSAL client configured'],
	['@azure/msal-node.PublicClientApplication', 'MSAL client configured'],
	['@azure/msal-browser.PublicClientApplication', 'MSAL client configured'],
	['@simplewebauthn/server.verifyAuthenticationResponse', 'WebAuthn assertion verified'],
	['@simplewebauthn/server.verifyRegistrationResponse', 'WebAuthn registration verified'],
	['@simplewebauthn/server.generateAuthenticationOptions', 'WebAuthn challenge issued'],
	['@simplewebauthn/server.generateRegistrationOptions', 'WebAuthn registration challenge issued'],
]);

/** Instance methods of OAuth/OIDC clients, by the client's qualified class. */
const CLIENT_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
	['openid-client.Client', new Set(['callback', 'oauthCallback', 'grant', 'refresh', 'authorizationUrl', 'userinfo', 'introspect', 'revoke'])],
	['simple-oauth2.AuthorizationCode', new Set(['getToken', 'authorizeURL', 'createToken'])],
	['simple-oauth2.ClientCredentials', new Set(['getToken', 'createToken'])],
	['simple-oauth2.ResourceOwnerPassword', new Set(['getToken', 'createToken'])],
	['google-auth-library.OAuth2Client', new Set(['verifyIdToken', 'getToken', 'generateAuthUrl', 'refreshAccessToken', 'getAccessToken', 'revokeToken'])],
	['googleapis.google.auth.OAuth2', new Set(['verifyIdToken', 'getToken', 'generateAuthUrl', 'refreshAccessToken', 'getAccessToken', 'revokeToken'])],
	['@azure/msal-node.ConfidentialClientApplication', new Set(['getAuthCodeUrl'])],
	['@azure/msal-node.PublicClientApplication', new Set(['getAuthCodeUrl'])],
	['@azure/msal-browser.PublicClientApplication', new Set(['loginPopup', 'loginRedirect', 'logoutRedirect', 'logoutPopup'])],
]);

/** Methods of an OIDC client flagged on any receiver when the file imports openid-client. */
const OIDC_METHODS = new Set(['callback', 'oauthCallback', 'grant', 'refresh', 'authorizationUrl']);
/** Passport's request methods (`req.login`), flagged on receivers named `req`/`request`. */
const REQUEST_METHODS: ReadonlyMap<string, string> = new Map([
	['login', 'User logged in'],
	['logIn', 'User logged in'],
	['logout', 'User logged out'],
	['logOut', 'User logged out'],
	['isAuthenticated', 'Authentication checked'],
	['isUnauthenticated', 'Authentication checked'],
]);
const MFA_MODULES = new Set(['otplib', 'speakeasy', 'otpauth', 'node-2fa']);

function auth(api: string, label: string): Hit {
	return { category: 'auth', api, message: `${label} with ${api}` };
}

/** Exact names, password hashing, passport strategies, MFA libraries. */
const libraryAuthRule: CallRule = (site) => {
	const q = site.qname;
	if (q === null) {
		return null;
	}
	const label = AUTH_APIS.get(q);
	if (label !== undefined) {
		return auth(q, label);
	}
	const dot = q.indexOf('.');
	const module = dot < 0 ? q : q.slice(0, dot);
	const rest = q.slice(dot + 1);
	if (PASSWORD_MODULES.has(module)) {
		const what = PASSWORD_FUNCTIONS.get(rest);
		// Hashing a password for storage is cryptography; verifying one is authentication (eval/LABELING.md).
		return what === undefined ? null : what === 'Password verified' ? auth(q, what) : { category: 'crypto', api: q, message: `${what} with ${q}` };
	}
	if (module.startsWith('passport-') && site.isNew) {
		return auth(q, 'Passport strategy configured');
	}
	if (MFA_MODULES.has(module) && dot > 0) {
		return auth(q, 'One-time password (MFA) operation');
	}
	const lastDot = q.lastIndexOf('.');
	const methods = lastDot > 0 ? CLIENT_METHODS.get(q.slice(0, lastDot)) : undefined;
	return methods?.has(q.slice(lastDot + 1)) === true ? auth(q, 'OAuth/OIDC token operation') : null;
};

/** `req.login()`, `msal.acquireToken…()`, `jwtService.sign()`, OIDC client methods on untracked receivers. */
const heuristicAuthRule: CallRule = (site) => {
	const method = calledName(site);
	const receiver = receiverName(site);
	if (method === null || receiver === null) {
		return null;
	}
	const api = tail(site.chain, 2);
	const request = REQUEST_METHODS.get(method);
	if (request !== undefined && /^(req|request)$/.test(receiver)) {
		return { category: 'auth', api, message: `${request} (${api})` };
	}
	if (/^acquireToken\w*$/.test(method)) {
		return auth(api, 'Token acquired');
	}
	if (/^jwt\w*(service|helper|utils?|provider|manager)$/i.test(receiver) && /^(sign|verify)(Async)?$/.test(method)) {
		return auth(api, method.startsWith('sign') ? 'JWT signed' : 'JWT verified');
	}
	if (OIDC_METHODS.has(method) && /client/i.test(receiver) && site.imports.has('openid-client')) {
		return auth(api, 'OAuth/OIDC token operation');
	}
	if (/^getOAuth(?:Access|Request)Token$/.test(method)) {
		return auth(api, 'OAuth token exchanged');
	}
	if (isPassportStrategy(site.imports)) {
		// A passport strategy calls the application's verify callback with the credentials (`this._verify(username, password, done)`)
		// and checks the OAuth `state` through its state store.
		if (method === '_verify' && /^(this|self|that|_this)$/.test(receiver)) {
			return auth(api, 'Credentials verified by the strategy verify callback');
		}
		if (method === 'verify' && /stateStore$/i.test(receiver)) {
			return auth(api, 'OAuth state verified');
		}
	}
	return null;
};

function isPassportStrategy(imports: ReadonlySet<string>): boolean {
	for (const module of imports) {
		if (module === 'passport-strategy' || module === 'passport' || module.startsWith('passport-')) {
			return true;
		}
	}
	return false;
}

const AUTH_HEADER = /^(?:proxy-)?authorization$/i;

/**
 * `headers['Proxy-Authorization'] = \`Basic ${…}\``, `{ Authorization: 'Basic ' + creds }`: credentials sent to a server
 * (HTTP Basic or Digest, built from a user name and password).
 */
export function credentialHeader(name: string | null, value: EsNode | null | undefined): Hit | null {
	if (name === null || !AUTH_HEADER.test(name)) {
		return null;
	}
	const text = literalText(value?.type === 'BinaryExpression' ? (value.left as EsNode) : value);
	return text !== null && /^(?:Basic|Digest)\s/.test(text) ? auth(name, 'Credentials sent in an HTTP authorization header') : null;
}

/** Authentication rules, in order. */
export const AUTH_RULES: readonly CallRule[] = [libraryAuthRule, heuristicAuthRule];
