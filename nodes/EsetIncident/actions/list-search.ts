import type {
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { EsetList, EsetService } from '../transport';
import { ESET_LISTS, esetConnection, esetRequest, listIn, transportSettings } from '../transport';

/** How many objects a picker ("From List") asks ESET for per page. */
const PICKER_PAGE_SIZE = 100;

/** A picker: where ESET lists the objects, and how the picker names and describes one. */
interface Picker {
	service?: EsetService;
	/** the list's path; undefined when what it depends on is not set yet */
	path: (context: ILoadOptionsFunctions) => string | undefined;
	list: EsetList;
	/** false where ESET documents no paging (an incident's comments) */
	paged?: boolean;
	name: (entry: IDataObject) => unknown;
	description: (entry: IDataObject) => unknown[];
}

/** An enum value as words: `INCIDENT_STATUS_IN_PROGRESS` → "in progress". */
function words(value: unknown, prefix: string): string | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	return value.replace(prefix, '').replace(/_/g, ' ').toLowerCase();
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** One page of a picker's list: the entries whose name or UUID holds the search text. */
async function searchPage(
	context: ILoadOptionsFunctions,
	picker: Picker,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const url = picker.path(context);
	if (url === undefined) return { results: [] };
	const qs: IDataObject = picker.paged === false ? {} : { pageSize: PICKER_PAGE_SIZE };
	if (paginationToken) qs.pageToken = paginationToken;
	const request: IHttpRequestOptions = { method: 'GET', url, qs, json: true };
	const connection = await esetConnection(context);
	const settings = transportSettings(context.getNode(), {});
	const answer = await esetRequest(context, connection, request, settings, undefined, {
		service: picker.service ?? 'incidentManagement',
	});
	const wanted = text(filter).trim().toLowerCase();
	const results = listIn(context, answer, picker.list)
		.map((entry) => ({
			name: text(picker.name(entry) || entry.uuid),
			value: text(entry.uuid),
			description: picker.description(entry).filter(Boolean).map(text).join(', '),
		}))
		.filter(({ name, value }) => `${name} ${value}`.toLowerCase().includes(wanted));
	const next = answer.body.nextPageToken;
	return { results, paginationToken: typeof next === 'string' && next ? next : undefined };
}

/** The comments of the incident set in the panel; none while it is empty or an expression. */
function commentsPath(context: ILoadOptionsFunctions): string | undefined {
	const incident = context.getCurrentNodeParameter('commentIncidentUuid', { extractValue: true });
	if (typeof incident !== 'string' || !incident.trim() || incident.startsWith('='))
		return undefined;
	return `/v2/incidents/${encodeURIComponent(incident.trim())}/comments`;
}

const PICKERS = {
	incidents: {
		path: () => '/v2/incidents',
		list: ESET_LISTS.incidents,
		name: (incident) => incident.displayName,
		description: (incident) => [
			words(incident.status, 'INCIDENT_STATUS_'),
			words(incident.severity, 'INCIDENT_SEVERITY_LEVEL_'),
			incident.createTime,
		],
	},
	comments: {
		path: commentsPath,
		list: ESET_LISTS.comments,
		paged: false,
		name: (comment) => text(comment.text).slice(0, 80),
		description: (comment) => [comment.createTime],
	},
	detections: {
		path: () => '/v1/detections',
		list: ESET_LISTS.detections,
		name: (detection) => detection.displayName,
		description: (detection) => [detection.objectName, detection.occurTime],
	},
	detectionGroups: {
		path: () => '/v2/detection-groups',
		list: ESET_LISTS.detectionGroups,
		name: (group) => group.displayName,
		description: (group) => [group.objectName, group.occurTime],
	},
	edrRules: {
		path: () => '/v2/edr-rules',
		list: ESET_LISTS.edrRules,
		name: (rule) => rule.displayName,
		description: (rule) => [rule.enabled === false ? 'disabled' : undefined],
	},
	edrRuleExclusions: {
		path: () => '/v2/edr-rule-exclusions',
		list: ESET_LISTS.edrRuleExclusions,
		name: (exclusion) => exclusion.displayName,
		description: (exclusion) => [exclusion.note],
	},
	devices: {
		service: 'deviceManagement',
		path: () => '/v1/devices',
		list: ESET_LISTS.devices,
		name: (device) => device.displayName,
		description: (device) => [
			device.primaryLocalIpAddress,
			((device.operatingSystem ?? {}) as IDataObject).displayName,
		],
	},
	deviceTasks: {
		service: 'automation',
		path: () => '/v1/device_tasks',
		list: ESET_LISTS.deviceTasks,
		name: (task) => task.displayName,
		description: (task) => [task.description],
	},
	quarantinedObjects: {
		service: 'quarantineManagement',
		path: () => '/v1/quarantined-objects',
		list: ESET_LISTS.quarantinedObjects,
		name: (object) => object.displayName,
		description: (object) => [object.quarantineReason, object.quarantineTime],
	},
} satisfies Record<string, Picker>;

type SearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

const searchOf = (picker: Picker): SearchMethod =>
	async function (filter, paginationToken) {
		return await searchPage(this, picker, filter, paginationToken);
	};

/** The ESET Incident node's pickers, by the `searchListMethod` its locators name. */
export const esetListSearch: Record<string, SearchMethod> = {
	searchIncidents: searchOf(PICKERS.incidents),
	searchComments: searchOf(PICKERS.comments),
	searchDetections: searchOf(PICKERS.detections),
	searchDetectionGroups: searchOf(PICKERS.detectionGroups),
	searchEdrRules: searchOf(PICKERS.edrRules),
	searchEdrRuleExclusions: searchOf(PICKERS.edrRuleExclusions),
	searchDevices: searchOf(PICKERS.devices),
	searchDeviceTasks: searchOf(PICKERS.deviceTasks),
	searchQuarantinedObjects: searchOf(PICKERS.quarantinedObjects),
};
