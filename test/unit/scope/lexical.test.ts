import { strict as assert } from 'node:assert';
import { describeHeader } from '../../../src/core/scope/lexicalHeader';
import { expectScopes } from './helpers';

describe('scope: lexical resolver (languages without a parser)', () => {
	it('YAML: a key with its nested block, the end of a mapping, a trailing comment', async () => {
		await expectScopes('yaml', `server:
  port: 443
  # @iso27001 A.8.24
  tls:
    cert: /etc/cert.pem
    key: /etc/key.pem
  # @iso27001 A.8.15
logging:
  level: info # @iso27001 A.8.15
steps:
# @iso27001 A.8.32
- name: deploy
  run: ./deploy.sh
- name: notify
`, [
			['statement', 4, 6, 'tls'],
			['statement', 1, 6, 'server'],
			['statement', 9, 9, 'level'],
			['statement', 12, 13, 'name'],
		]);
	});

	it('SQL: statements run to their semicolon; definitions are declarations', async () => {
		await expectScopes('sql', `-- @iso27001 A.8.3
CREATE TABLE users (
  id INT PRIMARY KEY,
  password_hash TEXT NOT NULL -- @iso27001 A.8.24
);

-- @iso27001 A.5.15
GRANT SELECT
ON users
TO reader;
`, [
			['declaration', 2, 5, 'users'],
			['declaration', 2, 5, 'users'],
			['statement', 8, 10, null],
		]);
	});

	it('HCL: blocks named as Terraform addresses them, attributes, end of a block', async () => {
		await expectScopes('terraform', `# @iso27001 A.8.24
resource "aws_kms_key" "main" {
  description         = "key"
  enable_key_rotation = true # @iso27001 A.8.24
}

module "vpc" {
  source = "./vpc"
  // @iso27001 A.8.20
}

/* @iso27001 A.8.15 */
variable "log_level" {
  default = "info"
}

# @iso27001 A.8.24
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}
`, [
			['declaration', 2, 5, 'aws_kms_key.main'],
			['statement', 4, 4, 'enable_key_rotation'],
			['declaration', 7, 10, 'module.vpc'],
			['declaration', 13, 15, 'var.log_level'],
			['declaration', 18, 20, 'data.aws_iam_policy.admin'],
		]);
	});

	it('Dockerfile: an instruction with its backslash continuations', async () => {
		await expectScopes('dockerfile', `FROM node:20
# @iso27001 A.8.19
RUN apt-get update && \\
    apt-get install -y openssl
USER node
`, [['statement', 3, 4, null]]);
	});

	it('TOML: a table header covers its keys', async () => {
		await expectScopes('toml', `# @iso27001 A.8.24
[tls]
cert = "a"
key = "b"

[log]
level = "x" # @iso27001 A.8.15
`, [
			['statement', 2, 4, 'tls'],
			['statement', 7, 7, 'level'],
		]);
	});

	it('an unknown brace language: keyword declarations and end of file', async () => {
		await expectScopes('perl', `use strict;

# @iso27001 A.8.24
sub encrypt {
    my $data = shift;
    return $data;
}

# @iso27001 A.5.1
`, [
			['declaration', 4, 7, 'encrypt'],
			['file', 1, 9, null],
		]);
	});

	it('a brace language: blocks, else on its own line, a loop after it, end of a function body', async () => {
		await expectScopes('groovy', `// @iso27001 A.8.32
pipeline {
  stages {
    stage('Deploy') {
      steps {
        sh './deploy.sh' // @iso27001 A.8.32
      }
    }
  }
}

// @iso27001 A.5.15
if (env.BRANCH == 'main') {
  approve()
}
else {
  skip()
}
while (x) { y() }

// @iso27001 A.8.5
def login(String user) {
  check(user)
  // @iso27001 A.8.5
}
`, [
			['statement', 2, 10, null],
			['statement', 6, 6, 'stage'],
			['statement', 13, 18, null],
			['declaration', 22, 25, 'login'],
			['declaration', 22, 25, 'login'],
		]);
	});

	it('recognises declarations and names from statement headers', () => {
		const cases: [string, boolean, string | null][] = [
			['func (s *Server) Login(u string) error {', true, 'Server.Login'],
			['impl<T> Display for Creds<T> {', true, 'Creds'],
			['pub async fn verify(&self) -> bool {', true, 'verify'],
			['export default class AuthService {', true, 'AuthService'],
			['export const handler = async (req: Request) => {', true, 'handler'],
			['module.exports.hash = function (data) {', true, 'hash'],
			['public IActionResult Delete(int id) {', true, 'Delete'],
			['private static final String KEY = "x";', true, 'KEY'],
			['static int verify(const char *k) {', true, 'verify'],
			['async login(user: string) {', true, 'login'],
			['def self.create', true, 'create'],
			['CREATE OR REPLACE FUNCTION audit.log_event() RETURNS trigger AS', true, 'audit.log_event'],
			['const key = crypto.randomBytes(32);', false, 'key'],
			['if (ready) {', false, null],
			['} else if (x) {', false, null],
			['logger.info(event);', false, null],
		];
		for (const [header, decl, name] of cases) {
			assert.deepEqual(describeHeader(header), { decl, name }, header);
		}
	});
});
