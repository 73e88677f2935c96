import type { Detector } from '../detector';
import { opensslDetector } from './openssl';
import { phpDetector } from './php';
import { rubyDetector } from './ruby';
import { rustDetector } from './rust';
import { shellDetector } from './shell';
import { plistDetector, swiftDetector } from './swift';

/**
 * Lexical detectors (code outside comments and strings) for Ruby, PHP, Rust, C/C++ (OpenSSL,
 * libsodium), Swift (and Info.plist App Transport Security) and shell scripts.
 */
export function lexicalDetectors(): Detector[] {
	return [rubyDetector(), phpDetector(), rustDetector(), opensslDetector(), swiftDetector(), plistDetector(), shellDetector()];
}
