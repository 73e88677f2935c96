import { type Ctx, emit, leadingString, lexicalCalls, matchesIn, methodRules, reportCall, reportEnv, resolveHead, RuleSet } from './common';

/** APIs of the JVM libraries, shared by Java and Kotlin. */
export const JVM_RULES = new RuleSet([
	['javax.crypto.*', 'crypto', 'JCA cryptography'],
	['java.security.MessageDigest.*', 'crypto', 'Message digest'],
	['java.security.Signature.*', 'crypto', 'Digital signature'],
	['java.security.KeyPairGenerator.*', 'crypto', 'Key pair generation'],
	['java.security.KeyFactory.*', 'crypto', 'Key material'],
	['java.security.KeyStore.*', 'crypto', 'Key store access'],
	['java.security.SecureRandom', 'crypto', 'Secure random'],
	['java.security.SecureRandom.*', 'crypto', 'Secure random'],
	['android.security.keystore.KeyGenParameterSpec.Builder', 'crypto', 'Android Keystore key generation parameters'],
	['android.security.keystore.KeyProtection.Builder', 'crypto', 'Android Keystore key import parameters'],
	['androidx.biometric.BiometricPrompt.authenticate', 'auth', 'Biometric authentication'],
	['android.hardware.biometrics.BiometricPrompt.authenticate', 'auth', 'Biometric authentication'],
	['android.hardware.fingerprint.FingerprintManager.authenticate', 'auth', 'Fingerprint authentication'],
	['androidx.core.hardware.fingerprint.FingerprintManagerCompat.authenticate', 'auth', 'Fingerprint authentication'],
	['javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier', 'tls', 'Default hostname verifier replaced'],
	['javax.net.ssl.*', 'tls', 'TLS configuration'],
	['org.springframework.security.crypto.*', 'auth', 'Password encoding'],
	['org.springframework.security.authentication.AuthenticationManager.authenticate', 'auth', 'Authentication'],
	['io.jsonwebtoken.*', 'auth', 'JWT signed or verified'],
	['com.auth0.jwt.*', 'auth', 'JWT signed or verified'],
	['com.nimbusds.jwt.*', 'auth', 'JWT signed or verified'],
	['com.nimbusds.jose.*', 'auth', 'JOSE signed or verified'],
]);

const SPRING_SECURITY = 'org.springframework.security';

/** Methods recognised by name in files that import their library. */
export const JVM_METHODS = methodRules([
	['authorizeRequests', SPRING_SECURITY, `${SPRING_SECURITY}.config.annotation.web.builders.HttpSecurity.authorizeRequests`, 'access-control', 'Request authorization rules'],
	['authorizeHttpRequests', SPRING_SECURITY, `${SPRING_SECURITY}.config.annotation.web.builders.HttpSecurity.authorizeHttpRequests`, 'access-control', 'Request authorization rules'],
	['setHostnameVerifier', 'javax.net.ssl', 'javax.net.ssl.HttpsURLConnection.setHostnameVerifier', 'tls', 'Hostname verifier replaced'],
	['setDefaultHostnameVerifier', 'javax.net.ssl', 'javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier', 'tls', 'Default hostname verifier replaced'],
]);

/** Both tables, for {@link reportCall}. */
export const JVM_TABLES = { rules: JVM_RULES, methods: JVM_METHODS };

/** Security annotations, recognised by simple name (they are distinctive and always imported or qualified). */
export const ACCESS_ANNOTATIONS: ReadonlyMap<string, string> = new Map([
	['PreAuthorize', `${SPRING_SECURITY}.access.prepost.PreAuthorize`],
	['PostAuthorize', `${SPRING_SECURITY}.access.prepost.PostAuthorize`],
	['Secured', `${SPRING_SECURITY}.access.annotation.Secured`],
	['RolesAllowed', 'jakarta.annotation.security.RolesAllowed'],
]);

/** Interfaces whose implementations take over TLS trust decisions. */
export const TRUST_INTERFACES = new Set(['X509TrustManager', 'TrustManager', 'X509ExtendedTrustManager', 'HostnameVerifier']);

/** Classes that wildcard imports (`import javax.crypto.*;`) resolve. */
const KNOWN_CLASSES: ReadonlySet<string> = new Set(
	[
		'javax.crypto.Cipher javax.crypto.Mac javax.crypto.KeyGenerator javax.crypto.SecretKeyFactory javax.crypto.KeyAgreement',
		'javax.crypto.spec.SecretKeySpec javax.crypto.spec.IvParameterSpec javax.crypto.spec.GCMParameterSpec javax.crypto.spec.PBEKeySpec',
		'java.security.MessageDigest java.security.Signature java.security.KeyPairGenerator java.security.KeyFactory',
		'java.security.KeyStore java.security.SecureRandom javax.net.ssl.SSLContext javax.net.ssl.TrustManagerFactory',
		'javax.net.ssl.KeyManagerFactory javax.net.ssl.HttpsURLConnection javax.net.ssl.SSLSocketFactory io.jsonwebtoken.Jwts',
		'com.auth0.jwt.JWT com.nimbusds.jwt.SignedJWT org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder',
	]
		.join(' ')
		.split(' '),
);

/** `a.b.C` → `C`, `Foo<Bar>` → `Foo`. */
export function simpleType(text: string): string {
	const bare = text.replace(/<[\s\S]*$/, '').replace(/[?\s]/g, '');
	return bare.slice(bare.lastIndexOf('.') + 1);
}

/**
 * `Cipher.getInstance` → `javax.crypto.Cipher.getInstance`: through typed variables, single-type
 * imports, wildcard imports, `java.lang`, or a fully qualified name.
 */
export function resolveJvm(ctx: Ctx, dotted: string): string | null {
	const { head, bound } = resolveHead(ctx, dotted);
	if (bound !== null) {
		return bound;
	}
	if (/^[a-z]\w*\.[a-z]\w*\./.test(dotted)) {
		return JVM_RULES.match(dotted) !== undefined ? dotted : null;
	}
	for (const pkg of ctx.imports.wildcards) {
		if (KNOWN_CLASSES.has(`${pkg}.${head}`)) {
			return `${pkg}.${dotted}`;
		}
	}
	return head === 'System' ? `java.lang.${dotted}` : null;
}

/** Adds `import a.b.C`, `import a.b.*` or (Kotlin) `import a.b.C as D`. */
export function addJvmImport(ctx: Ctx, name: string, alias: string | undefined): void {
	const clean = name.replace(/\s+/g, '');
	if (clean.endsWith('.*')) {
		ctx.imports.wildcards.add(clean.slice(0, -2));
	} else {
		ctx.imports.aliases.set(alias ?? clean.slice(clean.lastIndexOf('.') + 1), clean);
	}
}

/** JCA engine classes whose object is created by `getInstance` (the site); calls on the object are not sites. */
const JCA_ENGINES = /^(?:javax\.crypto\.(?:Cipher|Mac|KeyGenerator|SecretKeyFactory|KeyAgreement)|java\.security\.(?:MessageDigest|Signature|KeyPairGenerator|KeyFactory|SecureRandom))$/;
/** Follow-up calls on a JCA object (`cipher.init`, `md.update`, `kg.generateKey`): the creating `getInstance` is the site. */
const JCA_FOLLOW_UPS = new Set([
	'init', 'update', 'updateAAD', 'doFinal', 'getIV', 'getBlockSize', 'getOutputSize', 'getParameters', 'getAlgorithm', 'getProvider',
	'generateKey', 'generateKeyPair', 'genKeyPair', 'initialize', 'getKeySpec', 'generateSecret', 'translateKey', 'doPhase',
	'digest', 'reset', 'getDigestLength', 'getMacLength', 'sign', 'verify', 'initSign', 'initVerify', 'nextBytes', 'setSeed', 'ints', 'longs',
]);

/** True for `cipher.init(…)` where `cipher` is a variable typed as a JCA engine class. */
export function isJcaFollowUp(ctx: Ctx, dotted: string, method: string): boolean {
	const dot = dotted.indexOf('.');
	if (dot < 0 || dotted.indexOf('.', dot + 1) >= 0 || !JCA_FOLLOW_UPS.has(method)) {
		return false;
	}
	const type = ctx.vars.get(dotted.slice(0, dot));
	return type !== undefined && JCA_ENGINES.test(type);
}

/** Reports a resolved JVM call, or a secret environment read (`System.getenv("X")`). */
export function reportJvmCall(ctx: Ctx, offset: number, dotted: string | null, method: string, arg: string | null): void {
	if (dotted !== null && isJcaFollowUp(ctx, dotted, method)) {
		return;
	}
	const qualified = dotted === null ? null : resolveJvm(ctx, dotted);
	if (qualified === 'java.lang.System.getenv') {
		reportEnv(ctx, offset, qualified, arg);
	} else {
		reportCall(ctx, offset, qualified, method, JVM_TABLES);
	}
}

/** A lambda or block that accepts everything: `(h, s) -> true`, `{ _, _ -> true }`, `{ return true; }`. */
export const ACCEPT_ALL = /->\s*(?:\{\s*return\s+)?true\b|^\{\s*return\s+true\s*;?\s*\}$/;

/** Lexical pass shared by Java and Kotlin: imports first, then calls, annotations, trust managers. */
export function jvmLexical(ctx: Ctx, start: number, end: number): void {
	const masked = ctx.source.masked();
	const text = ctx.source.file.text;
	for (const call of lexicalCalls(masked, start, end)) {
		const method = call.name.slice(call.name.lastIndexOf('.') + 1);
		reportJvmCall(ctx, call.offset, call.name, method, leadingString(text.slice(call.argsAt, call.argsAt + 210)));
	}
	for (const m of matchesIn(/@([\w.]+)/g, masked, start, end)) {
		const fq = ACCESS_ANNOTATIONS.get(simpleType(m[1]));
		if (fq !== undefined) {
			emit(ctx, m.index, 'access-control', fq, 'Access-control annotation');
		}
	}
	for (const m of matchesIn(/\b(?:implements|:|new|object\s*:)\s*([\w.]+(?:\s*,\s*[\w.]+)*)/g, masked, start, end)) {
		const names = m[1].split(',').map(simpleType);
		const trust = names.find((n) => TRUST_INTERFACES.has(n));
		if (trust !== undefined) {
			emit(ctx, m.index, 'tls', `javax.net.ssl.${trust}`, 'Custom TLS trust decision');
		}
	}
	for (const m of matchesIn(/\bcheckServerTrusted\s*\([^)]*\)\s*(?::\s*\w+\s*)?(?:throws\s+[\w.,\s]+)?\{\s*\}/g, masked, start, end)) {
		emit(ctx, m.index, 'tls', 'javax.net.ssl.X509TrustManager.checkServerTrusted', 'Certificate validation disabled');
	}
}

/** Java and Kotlin import lines, read from code text. */
export function jvmLexImports(ctx: Ctx, start: number, end: number): void {
	for (const m of matchesIn(/^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+(?:\.\*)?)(?:[ \t]+as[ \t]+(\w+))?/gm, ctx.source.masked(), start, end)) {
		addJvmImport(ctx, m[1], m[2]);
	}
}

/** Prefilter shared by the Java and Kotlin detectors: the packages, types and annotations they resolve. */
export const JVM_PREFILTER = /javax\.|java\.security|android\.security|[Bb]iometric|[Ff]ingerprint|crypt|springframework\.security|jsonwebtoken|auth0|nimbusds|TrustManager|HostnameVerifier|checkServerTrusted|@(?:PreAuthorize|PostAuthorize|Secured|RolesAllowed)|getenv/;
