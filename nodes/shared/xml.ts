/**
 * Well-formed XML, checked without a parser library and without recursion: one pass over the
 * text with a stack of open elements. It checks what XML 1.0 requires of every document — the
 * characters, one root element, tags that nest and close, names, quoted and unique attributes,
 * entity and character references, comments, CDATA sections, processing instructions and the
 * XML declaration — and nothing about what the elements mean.
 */

export interface XmlProblem {
	/** 1-based line of the text where the problem is */
	line: number;
	problem: string;
}

const PREDEFINED_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** XML 1.0's NameStartChar. */
function isNameStart(code: number): boolean {
	const ranges = [
		[0x3a, 0x3a],
		[0x41, 0x5a],
		[0x5f, 0x5f],
		[0x61, 0x7a],
		[0xc0, 0xd6],
		[0xd8, 0xf6],
		[0xf8, 0x2ff],
		[0x370, 0x37d],
		[0x37f, 0x1fff],
		[0x200c, 0x200d],
		[0x2070, 0x218f],
		[0x2c00, 0x2fef],
		[0x3001, 0xd7ff],
		[0xf900, 0xfdcf],
		[0xfdf0, 0xfffd],
		[0x10000, 0xeffff],
	];
	return ranges.some(([low, high]) => code >= low && code <= high);
}

/** XML 1.0's NameChar. */
function isNameChar(code: number): boolean {
	return (
		isNameStart(code) ||
		code === 0x2d ||
		code === 0x2e ||
		(code >= 0x30 && code <= 0x39) ||
		code === 0xb7 ||
		(code >= 0x300 && code <= 0x36f) ||
		(code >= 0x203f && code <= 0x2040)
	);
}

function isXmlCharacter(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		(code >= 0x10000 && code <= 0x10ffff)
	);
}

/** The first character XML 1.0 does not allow anywhere (most C0 controls, U+FFFE/U+FFFF, lone surrogates). */
function forbiddenCharacterAt(text: string): number | undefined {
	for (let i = 0; i < text.length; i++) {
		const code = text.codePointAt(i)!;
		if (!isXmlCharacter(code) || (code >= 0xd800 && code <= 0xdfff)) return i;
		if (code > 0xffff) i++;
	}
	return undefined;
}

function isSpace(char: string | undefined): boolean {
	return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

class Scanner {
	position = 0;
	readonly entities = new Set(PREDEFINED_ENTITIES);

	constructor(readonly text: string) {}

	lineAt(index: number): number {
		let line = 1;
		for (let i = 0; i < index && i < this.text.length; i++) if (this.text[i] === '\n') line++;
		return line;
	}

	at(literal: string): boolean {
		return this.text.startsWith(literal, this.position);
	}

	skipSpace(): boolean {
		const start = this.position;
		while (isSpace(this.text[this.position])) this.position++;
		return this.position > start;
	}

	name(): string | undefined {
		const start = this.position;
		let i = start;
		for (;;) {
			const code = this.text.codePointAt(i);
			if (code === undefined || !(i === start ? isNameStart(code) : isNameChar(code))) break;
			i += code > 0xffff ? 2 : 1;
		}
		if (i === start) return undefined;
		this.position = i;
		return this.text.slice(start, i);
	}

	/** What is wrong with the entity or character references in `text[from, to)`, if anything. */
	referencesProblem(from: number, to: number): { index: number; problem: string } | undefined {
		for (
			let i = this.text.indexOf('&', from);
			i !== -1 && i < to;
			i = this.text.indexOf('&', i + 1)
		) {
			const end = this.text.indexOf(';', i);
			const reference = end === -1 || end >= to ? '' : this.text.slice(i + 1, end);
			const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(reference);
			if (numeric) {
				const code = numeric[1] ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
				if (!isXmlCharacter(code))
					return { index: i, problem: `&${reference}; is not a character XML allows` };
				continue;
			}
			if (/^[^\s&;<]+$/.test(reference) && this.entities.has(reference)) continue;
			if (/^[^\s&;<]+$/.test(reference))
				return {
					index: i,
					problem: `&${reference}; is not a defined entity (XML knows &lt; &gt; &amp; &quot; &apos;)`,
				};
			return {
				index: i,
				problem: '"&" must start a reference such as &amp; (write a literal & as &amp;)',
			};
		}
		return undefined;
	}
}

/**
 * The first reason `text` is not well-formed XML, with its line, or `undefined` when it is. A byte
 * order mark at the start is allowed.
 */
export function xmlProblem(text: string): XmlProblem | undefined {
	const scanner = new Scanner(text.startsWith('\uFEFF') ? text.slice(1) : text);
	const source = scanner.text;
	const fail = (index: number, problem: string): XmlProblem => ({
		line: scanner.lineAt(index),
		problem,
	});

	const forbidden = forbiddenCharacterAt(source);
	if (forbidden !== undefined) {
		const code = source.charCodeAt(forbidden);
		return fail(
			forbidden,
			`the character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
		);
	}
	if (/^<\?xml[\s?]/.test(source)) {
		const end = source.indexOf('?>');
		if (end === -1) return fail(0, 'the XML declaration <?xml … ?> is not closed');
		if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(source))
			return fail(0, 'the XML declaration must start with version="1.0"');
		scanner.position = end + 2;
	}

	const open: Array<{ name: string; index: number }> = [];
	let rootSeen = false;
	let rootClosed = false;
	while (scanner.position < source.length) {
		const start = scanner.position;
		if (source[start] !== '<') {
			const next = source.indexOf('<', start);
			const end = next === -1 ? source.length : next;
			if (open.length === 0) {
				const offset = source.slice(start, end).search(/\S/);
				if (offset !== -1)
					return fail(
						start + offset,
						rootClosed ? 'text after the root element' : 'text before the root element',
					);
			} else {
				const reference = scanner.referencesProblem(start, end);
				if (reference) return fail(reference.index, reference.problem);
				const cdataEnd = source.slice(start, end).indexOf(']]>');
				if (cdataEnd !== -1)
					return fail(start + cdataEnd, '"]]>" is not allowed in text (write ]]&gt;)');
			}
			scanner.position = end;
			continue;
		}
		if (scanner.at('<!--')) {
			const end = source.indexOf('-->', start + 4);
			if (end === -1) return fail(start, 'the comment <!-- is not closed with -->');
			const body = source.slice(start + 4, end);
			if (body.includes('--') || body.endsWith('-'))
				return fail(start, '"--" is not allowed inside a comment');
			scanner.position = end + 3;
			continue;
		}
		if (scanner.at('<![CDATA[')) {
			if (open.length === 0) return fail(start, 'a CDATA section outside the root element');
			const end = source.indexOf(']]>', start + 9);
			if (end === -1) return fail(start, 'the CDATA section is not closed with ]]>');
			scanner.position = end + 3;
			continue;
		}
		if (scanner.at('<!DOCTYPE')) {
			if (rootSeen) return fail(start, 'a DOCTYPE after the root element');
			let depth = 0;
			let quote = '';
			let i = start + 9;
			for (; i < source.length; i++) {
				const char = source[i];
				if (quote) {
					if (char === quote) quote = '';
				} else if (char === '"' || char === "'") quote = char;
				else if (char === '[') depth++;
				else if (char === ']') depth--;
				else if (char === '>' && depth <= 0) break;
			}
			if (i >= source.length) return fail(start, 'the DOCTYPE is not closed');
			for (const entity of source.slice(start, i).matchAll(/<!ENTITY\s+([^\s%]+)\s/g))
				scanner.entities.add(entity[1]);
			scanner.position = i + 1;
			continue;
		}
		if (scanner.at('<?')) {
			const end = source.indexOf('?>', start + 2);
			if (end === -1) return fail(start, 'the processing instruction <? is not closed with ?>');
			scanner.position = start + 2;
			const target = scanner.name();
			if (!target) return fail(start, '"<?" must be followed by a name');
			if (target.toLowerCase() === 'xml')
				return fail(start, 'the XML declaration <?xml … ?> is only allowed at the very start');
			scanner.position = end + 2;
			continue;
		}
		if (scanner.at('</')) {
			scanner.position = start + 2;
			const name = scanner.name();
			scanner.skipSpace();
			if (!name || source[scanner.position] !== '>')
				return fail(start, 'an end tag must be </name>');
			scanner.position++;
			const element = open.pop();
			if (!element) return fail(start, `</${name}> closes no open element`);
			if (element.name !== name) {
				return fail(
					start,
					`</${name}> does not close <${element.name}> (opened on line ${scanner.lineAt(element.index)})`,
				);
			}
			if (open.length === 0) rootClosed = true;
			continue;
		}
		if (scanner.at('<!'))
			return fail(start, '"<!" must start a comment <!-- -->, a CDATA section or a DOCTYPE');
		scanner.position = start + 1;
		const name = scanner.name();
		if (!name) return fail(start, '"<" must start a tag (write a literal < as &lt;)');
		if (rootClosed) return fail(start, `a second root element <${name}>: XML has exactly one`);
		rootSeen = true;
		const attributes = new Set<string>();
		let selfClosing = false;
		for (;;) {
			const spaced = scanner.skipSpace();
			if (scanner.at('/>')) {
				selfClosing = true;
				scanner.position += 2;
				break;
			}
			if (scanner.at('>')) {
				scanner.position++;
				break;
			}
			if (scanner.position >= source.length)
				return fail(start, `the tag <${name} is not closed with >`);
			const attributeAt = scanner.position;
			const attribute = scanner.name();
			if (!attribute || !spaced)
				return fail(attributeAt, `<${name}>: expected an attribute name, ">" or "/>"`);
			if (attributes.has(attribute))
				return fail(attributeAt, `<${name}> has the attribute ${attribute} twice`);
			attributes.add(attribute);
			scanner.skipSpace();
			if (source[scanner.position] !== '=')
				return fail(attributeAt, `<${name}>: the attribute ${attribute} needs ="value"`);
			scanner.position++;
			scanner.skipSpace();
			const quote = source[scanner.position];
			if (quote !== '"' && quote !== "'")
				return fail(attributeAt, `<${name}>: the value of ${attribute} must be in quotes`);
			const valueStart = scanner.position + 1;
			const valueEnd = source.indexOf(quote, valueStart);
			if (valueEnd === -1)
				return fail(
					attributeAt,
					`<${name}>: the value of ${attribute} is not closed with ${quote}`,
				);
			const lessThan = source.indexOf('<', valueStart);
			if (lessThan !== -1 && lessThan < valueEnd)
				return fail(
					lessThan,
					`<${name}>: "<" is not allowed in the value of ${attribute} (write &lt;)`,
				);
			const reference = scanner.referencesProblem(valueStart, valueEnd);
			if (reference) return fail(reference.index, reference.problem);
			scanner.position = valueEnd + 1;
		}
		if (!selfClosing) open.push({ name, index: start });
		else if (open.length === 0) rootClosed = true;
	}
	if (open.length) {
		const element = open[open.length - 1];
		return fail(
			source.length,
			`<${element.name}> (opened on line ${scanner.lineAt(element.index)}) is not closed`,
		);
	}
	if (!rootSeen) return fail(source.length, 'there is no root element');
	return undefined;
}

/** A text for an XML attribute value in double quotes. */
export function xmlAttribute(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** A text for XML element content. */
export function xmlText(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
