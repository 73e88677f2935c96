import type { CustomRule } from '../config/loadConfig';
import type { Category } from '../types';
import { customRuleDetectors } from './customRules';
import type { Detector } from './detector';
import { recordDetectors } from '../rules/detectors';
import { builtinRules } from '../rules/load';
import type { Confidence } from '../rules/model';

export { CATEGORY_CONTROLS, CATEGORY_DESCRIPTIONS, categorySuggestions } from './categories';
export type { Detector, RawFinding } from './detector';

/** What decides the detectors of a scan. Plain data: it is posted to worker threads. */
export interface DetectionSettings {
	/** Categories switched on (`sensitiveCode.categories`). */
	readonly categories: Readonly<Record<Category, boolean>>;
	/** Custom rules; run only when `trustCustomRules` (off in untrusted workspaces). */
	readonly rules: readonly CustomRule[];
	readonly trustCustomRules: boolean;
	/** `sensitiveCode.minConfidence`; default `medium`. */
	readonly minConfidence?: Confidence;
}

/** The built-in detectors plus the workspace's custom rules; none when every category is off. */
export function createDetectors(settings: DetectionSettings): Detector[] {
	if (!Object.values(settings.categories).some((on) => on)) {
		return [];
	}
	return [
		...recordDetectors(builtinRules(), settings.minConfidence ?? 'medium'),
		...(settings.trustCustomRules ? customRuleDetectors(settings.rules) : []),
	];
}
