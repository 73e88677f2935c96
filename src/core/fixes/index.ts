export {
	addAnnotationEdit, addIgnoreEdit, applyEdits, fixAllEdits, rewriteLegacyEdit,
	type AnnotationFixOptions, type FixableFinding, type IgnoreFix, type Position, type TextEdit,
} from './edits';
