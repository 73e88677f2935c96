export {
	addAnnotationEdit, addAnnotationFix, addIgnoreEdit, applyEdits, fixAllEdits, rewriteLegacyEdit,
	type AnnotationFix, type AnnotationFixOptions, type FixableFinding, type IgnoreFix, type Position, type TextEdit,
} from './edits';
export { ignoreReasonFix, unknownControlFixes } from './problemFixes';
