import { expectScopes } from './helpers';

describe('scope: tree-sitter languages', () => {
	it('Go: method with a pointer receiver, trailing comment, end of body, type, struct field, func value', async () => {
		await expectScopes('go', `package main

// @iso27001 A.8.5
func (s *Server) Login(u string) error {
	x := 1 // @iso27001 A.8.24
	return nil
	// @iso27001 A.8.15
}

// @iso27001 A.8.24
type Creds struct {
	// @iso27001 A.8.24
	Key string
}

// @iso27001 A.8.5
func Plain() {}

// @iso27001 A.8.15
var handler = func() {}
`, [
			['declaration', 4, 8, 'Server.Login'],
			['statement', 5, 5, 'x'],
			['declaration', 4, 8, 'Server.Login'],
			['declaration', 11, 14, 'Creds'],
			['declaration', 13, 13, 'Creds.Key'],
			['declaration', 17, 17, 'Plain'],
			['declaration', 20, 20, 'handler'],
		]);
	});

	it('Java: class and method with annotations, trailing comment, field', async () => {
		await expectScopes('java', `package x;

// @iso27001 A.5.15
@Service
public class UserService {
    /** @iso27001 A.5.15 */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void delete(long id) {
        repo.deleteById(id); // @iso27001 A.8.15
    }
    // @iso27001 A.8.24
    private String key = "x";
}
`, [
			['declaration', 4, 14, 'UserService'],
			['declaration', 7, 11, 'UserService.delete'],
			['statement', 10, 10, 'UserService.delete'],
			['declaration', 13, 13, 'UserService.key'],
		]);
	});

	it('C#: method with attributes, property (namespaces left out of names)', async () => {
		await expectScopes('csharp', `namespace App {
  public class AuthController : Controller {
    // @iso27001 A.5.15
    [Authorize(Roles = "Admin")]
    [HttpDelete]
    public IActionResult Delete(int id) {
      return Ok();
    }
    // @iso27001 A.8.24
    public string Secret { get; set; }
  }
}
`, [
			['declaration', 4, 8, 'AuthController.Delete'],
			['declaration', 10, 10, 'AuthController.Secret'],
		]);
	});

	it('Kotlin: annotated class and function, local val, member property', async () => {
		await expectScopes('kotlin', `package x

// @iso27001 A.8.5
@Service
class AuthService(private val repo: Repo) {
    // @iso27001 A.8.5
    @PreAuthorize("x")
    fun login(u: String): Boolean {
        val ok = check(u) // @iso27001 A.8.24
        return ok
    }
    // @iso27001 A.8.24
    val key: String = "x"
    companion object { fun create() = 1 }
}
`, [
			['declaration', 4, 15, 'AuthService'],
			['declaration', 7, 11, 'AuthService.login'],
			['statement', 9, 9, 'ok'],
			['declaration', 13, 13, 'AuthService.key'],
		]);
	});

	it('Rust: struct with #[derive] attributes, impl method with a doc comment and attribute', async () => {
		await expectScopes('rust', `// @iso27001 A.8.24
#[derive(Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Creds {
    key: String,
}

impl Creds {
    /// @iso27001 A.8.5
    #[inline]
    pub fn verify(&self) -> bool {
        let x = 1; // @iso27001 A.8.24
        true
    }
}
`, [
			['declaration', 2, 6, 'Creds'],
			['declaration', 10, 14, 'Creds.verify'],
			['statement', 12, 12, 'x'],
		]);
	});

	it('C: function, trailing block comment, struct', async () => {
		await expectScopes('c', `#include <x.h>

// @iso27001 A.8.24
static int verify(const char *k) {
    int x = 1; /* @iso27001 A.8.24 */
    return x;
}

/* @iso27001 A.8.24 */
struct creds {
    int a;
};
`, [
			['declaration', 4, 7, 'verify'],
			['statement', 5, 5, 'x'],
			['declaration', 10, 12, 'creds'],
		]);
	});

	it('C++: inline method with an attribute, member, out-of-class definition, template', async () => {
		await expectScopes('cpp', `namespace app {
class Server : public Base {
public:
    // @iso27001 A.8.5
    [[nodiscard]] bool login(int u) const { return true; }
private:
    int key = 1; // @iso27001 A.8.24
};

// @iso27001 A.8.5
bool Server::verify(int k) {
    return k;
}

// @iso27001 A.8.5
template <typename T> T id(T x) { return x; }
}
`, [
			['declaration', 5, 5, 'Server.login'],
			['declaration', 7, 7, 'Server.key'],
			['declaration', 11, 13, 'Server.verify'],
			['declaration', 16, 16, 'id'],
		]);
	});

	it('Ruby: methods in a class in a module, class method, trailing comment', async () => {
		await expectScopes('ruby', `module Auth
  class Session < Base
    # @iso27001 A.8.5
    def login(u)
      x = 1 # @iso27001 A.8.24
    end

    # @iso27001 A.8.5
    def self.create
      new
    end
  end
end
`, [
			['declaration', 4, 6, 'Auth.Session.login'],
			['statement', 5, 5, 'x'],
			['declaration', 9, 11, 'Auth.Session.create'],
		]);
	});

	it('PHP: method with an attribute, trailing comment, function', async () => {
		await expectScopes('php', `<?php
namespace App;

class AuthController extends Base {
    // @iso27001 A.5.15
    #[IsGranted('ROLE_ADMIN')]
    public function delete(int $id): void {
        $x = 1; // @iso27001 A.8.24
    }
}

// @iso27001 A.8.5
function helper() {
    return 1;
}
`, [
			['declaration', 6, 9, 'AuthController.delete'],
			['statement', 8, 8, 'x'],
			['declaration', 13, 15, 'helper'],
		]);
	});

	it('Swift: class and func with attributes, trailing comment', async () => {
		await expectScopes('swift', `import Foundation

// @iso27001 A.8.5
@objc class AuthService: NSObject {
    // @iso27001 A.8.5
    @discardableResult
    func login(user: String) -> Bool {
        let x = 1 // @iso27001 A.8.24
        return true
    }
}
`, [
			['declaration', 4, 11, 'AuthService'],
			['declaration', 6, 10, 'AuthService.login'],
			['statement', 8, 8, 'x'],
		]);
	});

	it('Scala: annotated def, trailing comment, object', async () => {
		await expectScopes('scala', `package app

class AuthService(repo: Repo) {
  // @iso27001 A.8.5
  @throws[Exception]
  def login(u: String): Boolean = {
    val x = 1 // @iso27001 A.8.24
    true
  }
}

// @iso27001 A.8.5
object Auth {
  def create(): Int = 1
}
`, [
			['declaration', 5, 9, 'AuthService.login'],
			['statement', 7, 7, 'x'],
			['declaration', 13, 15, 'Auth'],
		]);
	});

	it('Lua: module function, method, trailing comment', async () => {
		await expectScopes('lua', `local M = {}

-- @iso27001 A.8.5
function M.login(u)
  local x = 1 -- @iso27001 A.8.24
  return x
end

-- @iso27001 A.8.5
function M:logout()
end

return M
`, [
			['declaration', 4, 7, 'M.login'],
			['statement', 5, 5, 'x'],
			['declaration', 10, 11, 'M.logout'],
		]);
	});

	it('shell: function, trailing comment, next statement (if … fi)', async () => {
		await expectScopes('shellscript', `#!/bin/bash
set -e

# @iso27001 A.8.5
login() {
  local token=1 # @iso27001 A.8.24
  echo "$token"
}

# @iso27001 A.8.15
if [ -n "$K" ]; then
  echo hi
fi
`, [
			['declaration', 5, 8, 'login'],
			['statement', 6, 6, 'token'],
			['statement', 11, 13, null],
		]);
	});
});
