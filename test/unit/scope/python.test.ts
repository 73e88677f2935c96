import { expectScopes } from './helpers';

describe('scope: Python (tree-sitter)', () => {
	it('covers a def with its decorators, and gives its docstring and trailing comments their scopes', async () => {
		await expectScopes('python', `import os

# @iso27001 A.8.5 — login required
@login_required
@permission("admin")
def view(request):
    """Render the admin view. @iso27001 A.8.3"""
    x = 1  # @iso27001 A.8.24
    return x
`, [
			['declaration', 4, 9, 'view'],
			['declaration', 4, 9, 'view'],
			['statement', 8, 8, 'x'],
		]);
	});

	it('names class methods and covers a multi-line statement from a trailing comment', async () => {
		await expectScopes('python', `class Auth(Base):
    # @iso27001 A.5.15
    def login(self, user,
              password):
        token = make(
            user)  # @iso27001 A.8.5
        if token:
            return token
        # @iso27001 A.8.15 — last line of the def

    # @iso27001 A.8.24
    key = os.environ["K"]
`, [
			['declaration', 3, 8, 'Auth.login'],
			['statement', 5, 6, 'token'],
			['declaration', 3, 8, 'Auth.login'],
			['statement', 12, 12, 'key'],
		]);
	});

	it('gives a module docstring the file, and a class docstring the class', async () => {
		await expectScopes('python', `"""Session handling. @iso27001 A.8.5"""
import os


class Session:
    """Server-side sessions. @iso27001 A.5.17"""

    def close(self):
        pass
`, [
			['file', 1, 9, null],
			['declaration', 5, 9, 'Session'],
		]);
	});

	it('covers the next statement, a lambda bound to a name, and a block ended by the comment', async () => {
		await expectScopes('python', `# @iso27001 A.8.24
handler = lambda r: r

# @iso27001 A.8.15
for i in range(3):
    print(i)
    # @iso27001 A.8.15
x = 2
`, [
			['declaration', 2, 2, 'handler'],
			['statement', 5, 6, null],
			['statement', 5, 6, null],
		]);
	});

	it('falls back to the lexical resolver around broken code', async () => {
		await expectScopes('python', `import os

class Auth(Base):
    # @iso27001 A.5.15
    @decorator
    def login(self, user):
        token = make(user  # @iso27001 A.8.5
        return token

    def other(self)
        pass

# @iso27001 A.8.15
def helper():
    return 1
`, [
			['declaration', 5, 8, 'Auth.login'],
			['statement', 7, 7, 'token'],
			['declaration', 14, 15, 'helper'],
		]);
	});
});
