/** Text as a sentence: trimmed, ending with a full stop unless it ends a sentence already. */
export function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Parts of a description, each a sentence, in one paragraph (n8n shows a description as one). */
export function paragraph(parts: Array<string | false | undefined>): string {
	return parts
		.filter((part): part is string => !!part && !!part.trim())
		.map(sentence)
		.join(' ');
}

/** An editor label in running text: its words lower-cased, acronyms (EDR, UUID) kept. */
export function lowerCaseLabel(label: string): string {
	return label.replace(/\b[A-Z][a-z]+\b/g, (word) => word.toLowerCase());
}
