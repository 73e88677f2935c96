import type { CustomRule } from '../config/loadConfig';
import type { Detector } from './detector';

/** Detectors for the workspace's custom rules (`sensitiveCode.rules`). */
export function customRuleDetectors(rules: readonly CustomRule[]): Detector[] {
	void rules;
	return [];
}
