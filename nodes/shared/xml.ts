/**
 * Well-formedness as XML 1.0 requires of every document, nothing about meaning: one pass with a
 * stack of open elements, no parser library, no recursion.
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

/** The first character XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates). */
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
					return {
						index: i,
						problem: `the character reference ${reference} is not a character XML allows`,
					};
				continue;
			}
			if (/^[^\s&;<]+$/.test(reference) && this.entities.has(reference)) continue;
			if (/^[^\s&;<]+$/.test(reference))
				return {
					index: i,
					problem: `the entity ${reference} is not defined (XML knows lt, gt, amp, quot and apos)`,
				};
			return {
				index: i,
				problem:
					'"&" must start a reference such as the entity amp (a literal "&" is written & amp; without the space)',
			};
		}
		return undefined;
	}
}

/** A problem at an index of the text, or undefined: what each step of the check returns. */
type Found = { index: number; problem: string } | undefined;

/** One pass over a document: a step per construct, a stack of the elements still open. */
class WellFormedness {
	private readonly open: Array<{ name: string; index: number }> = [];
	private rootSeen = false;
	private rootClosed = false;

	constructor(private readonly scanner: Scanner) {}

	private get source(): string {
		return this.scanner.text;
	}

	check(): Found {
		const { scanner, source } = this;
		const forbidden = forbiddenCharacterAt(source);
		if (forbidden !== undefined) {
			const code = source.charCodeAt(forbidden).toString(16).toUpperCase().padStart(4, '0');
			return { index: forbidden, problem: `the character U+${code} is not allowed in XML` };
		}
		const declaration = this.declaration();
		if (declaration) return declaration;
		while (scanner.position < source.length) {
			const found = this.next();
			if (found) return found;
		}
		return this.end();
	}

	private declaration(): Found {
		if (!/^<\?xml[\s?]/.test(this.source)) return undefined;
		const end = this.source.indexOf('?>');
		if (end === -1) return { index: 0, problem: 'the XML declaration <?xml … ?> is not closed' };
		if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(this.source)) {
			return { index: 0, problem: 'the XML declaration must start with version="1.0"' };
		}
		this.scanner.position = end + 2;
		return undefined;
	}

	/** The construct at the scanner's position. */
	private next(): Found {
		const { scanner } = this;
		const start = scanner.position;
		if (this.source[start] !== '<') return this.text(start);
		if (scanner.at('<!--')) return this.comment(start);
		if (scanner.at('<![CDATA[')) return this.cdata(start);
		if (scanner.at('<!DOCTYPE')) return this.doctype(start);
		if (scanner.at('<?')) return this.processingInstruction(start);
		if (scanner.at('</')) return this.endTag(start);
		if (scanner.at('<!')) {
			return {
				index: start,
				problem: '"<!" must start a comment <!-- -->, a CDATA section or a DOCTYPE',
			};
		}
		return this.startTag(start);
	}

	private text(start: number): Found {
		const next = this.source.indexOf('<', start);
		const end = next === -1 ? this.source.length : next;
		this.scanner.position = end;
		if (this.open.length === 0) {
			const offset = this.source.slice(start, end).search(/\S/);
			if (offset === -1) return undefined;
			const problem = this.rootClosed
				? 'text after the root element'
				: 'text before the root element';
			return { index: start + offset, problem };
		}
		const reference = this.scanner.referencesProblem(start, end);
		if (reference) return reference;
		const cdataEnd = this.source.slice(start, end).indexOf(']]>');
		if (cdataEnd === -1) return undefined;
		return {
			index: start + cdataEnd,
			problem: '"]]>" is not allowed in text (write the ">" as & gt; without the space)',
		};
	}

	private comment(start: number): Found {
		const end = this.source.indexOf('-->', start + 4);
		if (end === -1) return { index: start, problem: 'the comment <!-- is not closed with -->' };
		const body = this.source.slice(start + 4, end);
		if (body.includes('--') || body.endsWith('-')) {
			return { index: start, problem: '"--" is not allowed inside a comment' };
		}
		this.scanner.position = end + 3;
		return undefined;
	}

	private cdata(start: number): Found {
		if (this.open.length === 0)
			return { index: start, problem: 'a CDATA section outside the root element' };
		const end = this.source.indexOf(']]>', start + 9);
		if (end === -1) return { index: start, problem: 'the CDATA section is not closed with ]]>' };
		this.scanner.position = end + 3;
		return undefined;
	}

	/** A DOCTYPE, read to its end (quotes and internal subset skipped); its entities become known. */
	private doctype(start: number): Found {
		if (this.rootSeen) return { index: start, problem: 'a DOCTYPE after the root element' };
		const { source } = this;
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
		if (i >= source.length) return { index: start, problem: 'the DOCTYPE is not closed' };
		for (const entity of source.slice(start, i).matchAll(/<!ENTITY\s+([^\s%]+)\s/g)) {
			this.scanner.entities.add(entity[1]);
		}
		this.scanner.position = i + 1;
		return undefined;
	}

	private processingInstruction(start: number): Found {
		const end = this.source.indexOf('?>', start + 2);
		if (end === -1) {
			return { index: start, problem: 'the processing instruction <? is not closed with ?>' };
		}
		this.scanner.position = start + 2;
		const target = this.scanner.name();
		if (!target) return { index: start, problem: '"<?" must be followed by a name' };
		if (target.toLowerCase() === 'xml') {
			const problem = 'the XML declaration <?xml … ?> is only allowed at the very start';
			return { index: start, problem };
		}
		this.scanner.position = end + 2;
		return undefined;
	}

	private endTag(start: number): Found {
		const { scanner } = this;
		scanner.position = start + 2;
		const name = scanner.name();
		scanner.skipSpace();
		if (!name || this.source[scanner.position] !== '>') {
			return { index: start, problem: 'an end tag must be </name>' };
		}
		scanner.position++;
		const element = this.open.pop();
		if (!element) return { index: start, problem: `</${name}> closes no open element` };
		if (element.name !== name) {
			const opened = scanner.lineAt(element.index);
			const problem = `</${name}> does not close <${element.name}> (opened on line ${opened})`;
			return { index: start, problem };
		}
		if (this.open.length === 0) this.rootClosed = true;
		return undefined;
	}

	private startTag(start: number): Found {
		const { scanner } = this;
		scanner.position = start + 1;
		const name = scanner.name();
		if (!name)
			return {
				index: start,
				problem: '"<" must start a tag (a literal one is written & lt; without the space)',
			};
		if (this.rootClosed) {
			return { index: start, problem: `a second root element <${name}>: XML has exactly one` };
		}
		this.rootSeen = true;
		const attributes = new Set<string>();
		for (;;) {
			const spaced = scanner.skipSpace();
			if (scanner.at('/>') || scanner.at('>')) break;
			if (scanner.position >= this.source.length) {
				return { index: start, problem: `the tag <${name} is not closed with >` };
			}
			const found = this.attribute(name, spaced, attributes);
			if (found) return found;
		}
		const selfClosing = scanner.at('/>');
		scanner.position += selfClosing ? 2 : 1;
		if (!selfClosing) this.open.push({ name, index: start });
		else if (this.open.length === 0) this.rootClosed = true;
		return undefined;
	}

	/** One attribute of the tag `element`: a new name, `=`, a quoted value with valid references. */
	private attribute(element: string, spaced: boolean, seen: Set<string>): Found {
		const { scanner, source } = this;
		const index = scanner.position;
		const name = scanner.name();
		if (!name || !spaced)
			return { index, problem: `<${element}>: expected an attribute name, ">" or "/>"` };
		if (seen.has(name)) return { index, problem: `<${element}> has the attribute ${name} twice` };
		seen.add(name);
		scanner.skipSpace();
		if (source[scanner.position] !== '=')
			return { index, problem: `<${element}>: the attribute ${name} needs ="value"` };
		scanner.position++;
		scanner.skipSpace();
		const quote = source[scanner.position];
		if (quote !== '"' && quote !== "'")
			return { index, problem: `<${element}>: the value of ${name} must be in quotes` };
		const valueStart = scanner.position + 1;
		const valueEnd = source.indexOf(quote, valueStart);
		if (valueEnd === -1)
			return { index, problem: `<${element}>: the value of ${name} is not closed with ${quote}` };
		const lessThan = source.indexOf('<', valueStart);
		if (lessThan !== -1 && lessThan < valueEnd) {
			return {
				index: lessThan,
				problem: `<${element}>: "<" is not allowed in the value of ${name} (write & lt; without the space)`,
			};
		}
		scanner.position = valueEnd + 1;
		return scanner.referencesProblem(valueStart, valueEnd);
	}

	/** At the end of the text: every element closed, and a root element there was. */
	private end(): Found {
		const element = this.open.at(-1);
		const length = this.source.length;
		if (element) {
			const opened = this.scanner.lineAt(element.index);
			return {
				index: length,
				problem: `<${element.name}> (opened on line ${opened}) is not closed`,
			};
		}
		return this.rootSeen ? undefined : { index: length, problem: 'there is no root element' };
	}
}

/**
 * The first reason `text` is not well-formed XML, with its line, or `undefined` when it is. A byte
 * order mark at the start is allowed.
 */
export function xmlProblem(text: string): XmlProblem | undefined {
	const scanner = new Scanner(text.startsWith('\uFEFF') ? text.slice(1) : text);
	const found = new WellFormedness(scanner).check();
	return found && { line: scanner.lineAt(found.index), problem: found.problem };
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
