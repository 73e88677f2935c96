import { strict as assert } from 'node:assert';
import { lexicalDetectors } from '../../../src/core/detection/lexical';
import { blankInlineHtml } from '../../../src/core/detection/lexical/php';
import { rustUses } from '../../../src/core/detection/lexical/rust';
import { brief, runDetectors } from './helpers';

const detectors = lexicalDetectors();
const run = async (languageId: string, text: string): Promise<string[]> => brief(await runDetectors(detectors, languageId, text));

describe('lexical detection: Ruby', () => {
	it('finds OpenSSL, Digest and SecureRandom', async () => {
		assert.deepEqual(await run('ruby', [
			"cipher = OpenSSL::Cipher.new('aes-256-gcm')",
			"mac = OpenSSL::HMAC.hexdigest('SHA256', key, data)",
			'key = OpenSSL::PKey::RSA.new(2048)',
			'ec = OpenSSL::PKey::EC.generate("prime256v1")',
			'd = Digest::SHA256.hexdigest(data)',
			'token = SecureRandom.hex(32)',
			'id = SecureRandom.uuid',
		].join('\n')), [
			'1:crypto:OpenSSL::Cipher.new', '2:crypto:OpenSSL::HMAC.hexdigest', '3:crypto:OpenSSL::PKey::RSA.new',
			'4:crypto:OpenSSL::PKey::EC.generate', '5:crypto:Digest::SHA256.hexdigest', '6:crypto:SecureRandom.hex',
		]);
	});

	it('finds authentication and authorization', async () => {
		assert.deepEqual(await run('ruby', [
			'class User < ApplicationRecord',
			'  has_secure_password',
			'end',
			'class PostsController < ApplicationController',
			'  before_action :authenticate_user!',
			'  load_and_authorize_resource',
			'  def update',
			'    authorize @post',
			'    return unless can? :update, @post',
			'    authorize! :read, @post',
			'    user&.authenticate(params[:password])',
			'    hash = BCrypt::Password.create(pw)',
			'    JWT.encode(payload, secret, "HS256")',
			'  end',
			'  def authenticate(x); end',
			'end',
		].join('\n')), [
			'2:auth:has_secure_password', '5:auth:authenticate_user!', '6:access-control:load_and_authorize_resource',
			'8:access-control:Pundit.authorize', '9:access-control:can?', '10:access-control:authorize!', '11:auth:authenticate',
			'12:auth:BCrypt::Password.create', '13:auth:JWT.encode',
		]);
	});

	it('finds TLS settings and secrets, reading the string argument', async () => {
		assert.deepEqual(await run('ruby', [
			'ctx = OpenSSL::SSL::SSLContext.new',
			'ctx.verify_mode = OpenSSL::SSL::VERIFY_NONE',
			"key = ENV['STRIPE_SECRET_KEY']",
			"host = ENV['DATABASE_HOST']",
			'tok = ENV.fetch("GITHUB_TOKEN")',
			'creds = Rails.application.credentials.aws',
		].join('\n')), [
			'1:tls:OpenSSL::SSL::SSLContext.new', '2:tls:OpenSSL::SSL::VERIFY_NONE', '3:secrets:ENV[STRIPE_SECRET_KEY]',
			'5:secrets:ENV.fetch(GITHUB_TOKEN)', '6:secrets:Rails.application.credentials',
		]);
	});

	it('ignores comments, strings and look-alike names', async () => {
		assert.deepEqual(await run('ruby', [
			"# OpenSSL::Cipher.new('aes')",
			"puts 'SecureRandom.hex(4) and JWT.encode'",
			'MyOpenSSL::Cipher.newish = 1',
			'can_edit = true',
			'authorized = authorize_user?',
		].join('\n')), []);
	});

	it('finds OpenSSL::Digest and secure_compare', async () => {
		assert.deepEqual(await run('ruby', [
			'digest = OpenSSL::Digest.new(algorithm)',
			'h = OpenSSL::Digest::SHA1.hexdigest(data)',
			'ok = Rack::Utils.secure_compare(a, b)',
			'ok = ActiveSupport::SecurityUtils.secure_compare(a, b)',
			'ok = secure_compare(a, b)',
			'def secure_compare(a, b)',
			'def self.secure_compare(a, b)',
		].join('\n')), [
			'1:crypto:OpenSSL::Digest.new', '2:crypto:OpenSSL::Digest::SHA1.hexdigest', '3:crypto:Rack::Utils.secure_compare',
			'4:crypto:ActiveSupport::SecurityUtils.secure_compare', '5:crypto:secure_compare',
		]);
	});

	it('finds Devise sign-in and sign-out and Warden calls', async () => {
		assert.deepEqual(await run('ruby', [
			'sign_in(resource_name, resource)',
			'sign_out current_user',
			'user = warden.user(scope: s)',
			'def sign_in(user)',
			'x = Devise.sign_out_all_scopes',
			'permit(:sign_in)',
			'sign_out if done',
		].join('\n')), ['1:auth:sign_in', '2:auth:sign_out', '3:auth:warden.user']);
	});

	it('places findings at the call site', async () => {
		const [f] = await runDetectors(detectors, 'ruby', 'x = 1\n  y = SecureRandom.bytes(16)');
		assert.deepEqual([f.line, f.column, f.message], [2, 7, 'secure random value (SecureRandom.bytes)']);
	});
});

describe('lexical detection: PHP', () => {
	it('finds crypto, password hashing, JWT and sessions', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			"$c = openssl_encrypt($data, 'aes-256-gcm', $key, 0, $iv, $tag);",
			"$m = hash_hmac('sha256', $data, $key);",
			"$h = hash('sha256', $data);",
			"$e = hash('md5', $data);",
			'$r = random_bytes(32);',
			'$b = sodium_crypto_secretbox($msg, $nonce, $key);',
			'$p = password_hash($pw, PASSWORD_ARGON2ID);',
			'if (password_verify($pw, $hash)) {}',
			"$t = \\Firebase\\JWT\\JWT::encode($payload, $key, 'HS256');",
			'session_start();',
			'session_regenerate_id(true);',
		].join('\n')), [
			'2:crypto:openssl_encrypt', '3:crypto:hash_hmac', '4:crypto:hash(sha256)', '6:crypto:random_bytes',
			'7:crypto:sodium_crypto_secretbox', '8:crypto:password_hash', '9:auth:password_verify', '10:auth:\\Firebase\\JWT\\JWT::encode',
			'11:auth:session_start', '12:auth:session_regenerate_id',
		]);
	});

	it('finds TLS options, secrets and authorization checks', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			'curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);',
			'curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);',
			"$pw = getenv('DB_PASSWORD');",
			"$host = getenv('DB_HOST');",
			'$s = $_ENV["APP_SECRET"];',
			"if (Gate::allows('update-post', $post)) {}",
			"$this->authorize('update', $post);",
			"if ($user->can('edit', $post)) {}",
			'function hash($x) { return $x; }',
			'$obj->openssl_encrypt($x);',
		].join('\n')), [
			'2:tls:CURLOPT_SSL_VERIFYPEER=false', '3:tls:CURLOPT_SSL_VERIFYHOST', '4:secrets:getenv(DB_PASSWORD)',
			'6:secrets:$_ENV[APP_SECRET]', '7:access-control:Gate::allows', '8:access-control:$this->authorize',
			'9:access-control:->can',
		]);
	});

	it('finds constant-time comparison and the CSPRNG integer function', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			'if (hash_equals($expected, $mac)) {}',
			'$digit = random_int(0, 9);',
			'$n = mt_rand(0, 9);',
			'function random_int($a, $b) {}',
			'$o->hash_equals($a, $b);',
		].join('\n')), ['2:crypto:hash_equals', '3:crypto:random_int']);
	});

	it('ignores inline HTML, comments and strings', async () => {
		assert.deepEqual(await run('php', [
			'<p>call openssl_encrypt( here</p>',
			'<?php // password_hash($x)',
			"echo 'session_start()'; ?>",
			'<div>random_bytes(4)</div>',
		].join('\n')), []);
		assert.equal(blankInlineHtml('a<?php b ?>c'), ' <?php b ?> ');
	});
});

describe('lexical detection: Rust', () => {
	it('resolves use declarations', () => {
		const { names } = rustUses('use jsonwebtoken::{encode, decode as jwt_decode, Header};\nuse sha2::{Digest, Sha256};\nuse ring::{aead::{self, LessSafeKey}, rand};');
		assert.equal(names.get('encode'), 'jsonwebtoken::encode');
		assert.equal(names.get('jwt_decode'), 'jsonwebtoken::decode');
		assert.equal(names.get('Sha256'), 'sha2::Sha256');
		assert.equal(names.get('aead'), 'ring::aead');
		assert.equal(names.get('LessSafeKey'), 'ring::aead::LessSafeKey');
		assert.equal(names.get('rand'), 'ring::rand');
	});

	it('finds crypto, JWT, passwords and TLS through paths and imports', async () => {
		assert.deepEqual(await run('rust', [
			'use jsonwebtoken::{encode, decode, Header};',
			'use sha2::{Digest, Sha256};',
			'use hmac::{Hmac, Mac};',
			'use rand::rngs::OsRng;',
			'fn f() {',
			'    let token = encode(&Header::default(), &claims, &key)?;',
			'    let h = Sha256::digest(data);',
			'    let mut mac = Hmac::<Sha256>::new_from_slice(key)?;',
			'    OsRng.fill_bytes(&mut buf);',
			'    let ok = bcrypt::verify(pw, &hash)?;',
			'    let cfg = rustls::ClientConfig::builder();',
			'    let c = reqwest::Client::builder().danger_accept_invalid_certs(true).build()?;',
			'    let s = std::env::var("JWT_SECRET")?;',
			'    let p = env::var("PORT")?;',
			'    let k = ring::aead::UnboundKey::new(&aead::AES_256_GCM, &bytes)?;',
			'    let x = data.encode();',
			'}',
		].join('\n')), [
			'6:auth:jsonwebtoken::encode', '7:crypto:sha2::Sha256::digest', '8:crypto:hmac::Hmac::new_from_slice',
			'9:crypto:rand::rngs::OsRng', '10:auth:bcrypt::verify', '11:tls:rustls::ClientConfig::builder',
			'12:tls:danger_accept_invalid_certs(true)', '13:secrets:std::env::var(JWT_SECRET)', '15:crypto:ring::aead::UnboundKey::new',
		]);
	});

	it('ignores local functions of the same name, comments and strings', async () => {
		assert.deepEqual(await run('rust', [
			'fn encode(x: u8) -> u8 { x }',
			'// jsonwebtoken::encode(&h, &c, &k)',
			'let s = "ring::digest::digest(x)";',
			'let y = encode(1);',
		].join('\n')), []);
	});
});

describe('PHP security logging', () => {
	it('flags PSR-3 log calls whose message records a security event, not other log calls', async () => {
		const code = [
			'<?php',
			"$this->logger->info('Basic authentication failed for user.', ['username' => $u]);",
			"$logger->warning('Cache warmed.');",
			"$this->logger->notice(\"Access denied for {$u}\");",
			"// $logger->error('login failed'); in a comment",
		].join('\n');
		assert.deepEqual(brief(await runDetectors(lexicalDetectors(), 'php', code)), [
			'2:logging:Psr\\Log\\LoggerInterface.info',
			'4:logging:Psr\\Log\\LoggerInterface.notice',
		]);
	});
});

describe('PHP security logging at debug level', () => {
	it('is diagnostics, not an audit record', async () => {
		const code = "<?php\n$this->logger->debug('Access denied, the user is not fully authenticated.');\n";
		assert.deepEqual(brief(await runDetectors(lexicalDetectors(), 'php', code)), []);
	});
});

describe('lexical detection: PHP framework security APIs', () => {
	it('finds Symfony token storage, authentication managers, trust resolvers, entry points and access decisions', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			'$token = $this->tokenStorage->getToken();',
			'if (!$token->isAuthenticated(false)) { $token = $this->authenticationManager->authenticate($token); }',
			'$this->tokenStorage->setToken(null);',
			'if (!$this->authenticationTrustResolver->isFullFledged($token)) {}',
			'$response = $this->authenticationEntryPoint->start($request, $e);',
			'$this->sessionStrategy->onAuthentication($request, $token);',
			'if (!$this->accessDecisionManager->decide($token, $attributes, $request)) {}',
			'$this->denyAccessUnlessGranted("ROLE_ADMIN");',
		].join('\n')), [
			'2:auth:TokenStorageInterface.getToken', '3:auth:->isAuthenticated', '3:auth:->authenticate', '4:auth:TokenStorageInterface.setToken',
			'5:auth:->isFullFledged', '6:auth:AuthenticationEntryPointInterface.start', '7:auth:->onAuthentication',
			'8:access-control:AccessDecisionManagerInterface.decide', '9:access-control:->denyAccessUnlessGranted',
		]);
	});

	it('finds Laravel guards, the injected gate, encrypters and configured keys', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			'if ($this->auth->guard($guard)->check()) {}',
			'$this->gate->authorize($ability, $args);',
			'return new Encrypter($this->parseKey($config), $config["cipher"]);',
			'SerializableClosure::setSecretKey($key);',
			"if (empty($config['key'])) { return; }",
			"return tap($config['key'], function ($key) {});",
			"$name = $config['name'];",
		].join('\n')), [
			'2:auth:Illuminate\\Contracts\\Auth\\Guard.check', '3:access-control:Illuminate\\Contracts\\Auth\\Access\\Gate.authorize', '4:crypto:new Encrypter',
			'5:crypto:setSecretKey', '7:secrets:$config[key]',
		]);
	});

	it('leaves $this->authenticate() to the same-file method that carries the site', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			'class M { public function handle($r) { $this->authenticate($r); }',
			'  protected function authenticate($r) { return $this->auth->guard()->check(); } }',
		].join('\n')), ['3:auth:Illuminate\\Contracts\\Auth\\Guard.check']);
	});

	it('logs security exceptions, token removal and authentication schemes, not failures while handling them', async () => {
		assert.deepEqual(await run('php', [
			'<?php',
			"$this->logger->info('An AuthenticationException was thrown; redirecting to authentication entry point.');",
			"$this->logger->info('The security token was removed due to an AccountStatusException.');",
			"$this->logger->info('Basic authentication Authorization header found for user.');",
			"$this->logger->error('An exception was thrown when handling an AccessDeniedException.');",
			"$this->logger->notice('No Authentication entry point configured.');",
		].join('\n')), ['2:logging:Psr\\Log\\LoggerInterface.info', '3:logging:Psr\\Log\\LoggerInterface.info', '4:logging:Psr\\Log\\LoggerInterface.info']);
	});
});

describe('lexical detection: Ruby primitives, password comparison, policies and security logging', () => {
	it('tells BCrypt hashing for storage (crypto) from the re-hash inside a password comparison (auth)', async () => {
		assert.deepEqual(await run('ruby', [
			'class Password',
			'  def self.create(secret, options = {})',
			'    cost = options[:cost] || BCrypt::Engine.cost',
			'    Password.new(BCrypt::Engine.hash_secret(secret, BCrypt::Engine.generate_salt(cost)))',
			'  end',
			'  def ==(secret)',
			'    super(BCrypt::Engine.hash_secret(secret, @salt))',
			'  end',
			'end',
		].join('\n')), ['4:crypto:BCrypt::Engine.hash_secret', '4:crypto:BCrypt::Engine.generate_salt', '7:auth:BCrypt::Engine.hash_secret']);
	});

	it('finds OpenSSL::PKey signature methods and signature or MAC calls given a key', async () => {
		assert.deepEqual(await run('ruby', [
			'sig = key.dsa_sign_asn1(digest)',
			'public_key.verify_pss(alg, signature, input, salt_length: :auto)',
			'JWT::Signature.sign(@algorithm, input, @key)',
			'authenticator.auth(padded_key, msg)',
			'authenticator.verify(padded_key, signature, input)',
			'form.verify(params)',
			'doc.sign(name)',
		].join('\n')), [
			'1:crypto:OpenSSL::PKey#dsa_sign_asn1', '2:crypto:OpenSSL::PKey#verify_pss', '3:crypto:sign', '4:crypto:auth', '5:crypto:verify',
		]);
	});

	it('finds policy queries acted on and policy scopes resolved, not a local named policy_scope', async () => {
		assert.deepEqual(await run('ruby', [
			'raise NotAuthorizedError, query: query unless policy.public_send(query)',
			'policy_scope = policy_scope_class.new(user, scope)',
			'policy_scope_class ? policy_scope_class.new(pundit_user, scope).resolve : nil',
			'params.permit(*policy.public_send(method_name))',
		].join('\n')), ['1:access-control:Pundit policy query', '3:access-control:Pundit policy scope resolve']);
	});

	it('logs security events at info level and above, not other messages or declarations', async () => {
		assert.deepEqual(await run('ruby', [
			'def warn(env, message)',
			'  logger.warn message',
			'end',
			'warn env, "attack prevented by #{self.class}"',
			'Rails.logger.info "User logged in: #{user.id}"',
			'logger.debug "login failed for #{user}"',
			'logger.info "cache miss"',
		].join('\n')), ['4:logging:warn', '5:logging:Rails.logger.info']);
	});
});
