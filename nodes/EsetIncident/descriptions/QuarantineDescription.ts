import type { INodeProperties } from 'n8n-workflow';

import { outputEachOf, outputResource } from '../actions/output';
import {
	changeQuarantinedObjects,
	downloadQuarantinedObjects,
	listQuarantine,
} from '../actions/quarantine';
import { sendEsetRequestWith } from '../actions/run-operation';
import { ESET_LISTS, MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit } from '../../shared/descriptions';
import { esetLocator } from './locators';
import { timeWindowFields } from './timeWindowFields';

const showFor = (operation: string[]) => ({ show: { resource: ['quarantine'], operation } });

const OBJECTS_PATH = '/v1/quarantined-objects';

export const quarantineOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['quarantine'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete quarantined files or e-mails for good; it cannot be undone',
				action: 'Delete quarantined objects',
				routing: {
					request: { method: 'POST', url: `${OBJECTS_PATH}:batchDelete` },
					operations: { pagination: changeQuarantinedObjects },
				},
			},
			{
				name: 'Download',
				value: 'download',
				description: "Download quarantined objects as ESET's ZIP archive, as binary data",
				action: 'Download quarantined objects',
				routing: {
					request: { method: 'POST', url: `${OBJECTS_PATH}:batchDownload` },
					operations: { pagination: downloadQuarantinedObjects },
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a quarantined object: why and when it was quarantined, what it is',
				action: 'Get quarantined object',
				routing: {
					request: { method: 'GET', url: `${OBJECTS_PATH}/{objectUuid}` },
					operations: { pagination: sendEsetRequestWith({ service: 'quarantineManagement' }) },
					output: { postReceive: [outputResource('object')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List quarantined objects by file name, reason, origin, type, time or user',
				action: 'Get many quarantined objects',
				routing: {
					request: { method: 'GET', url: OBJECTS_PATH, qs: { pageSize: MAX_PAGE_SIZE } },
					operations: { pagination: listQuarantine },
					output: { postReceive: [outputEachOf(ESET_LISTS.quarantinedObjects)] },
				},
			},
			{
				name: 'Restore',
				value: 'restore',
				description: 'Put quarantined objects back; without an exclusion ESET may catch them again',
				action: 'Restore quarantined objects',
				routing: {
					request: { method: 'POST', url: `${OBJECTS_PATH}:batchRestore` },
					operations: { pagination: changeQuarantinedObjects },
				},
			},
		],
		default: 'getAll',
	},
];

/** A text filter of the quarantine list, sent as ESET's `filter.<name>`. */
const textFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
});

/** An enum filter of the quarantine list (ESET's UNSPECIFIED means no filter: not offered). */
function enumFilter(
	displayName: string,
	name: string,
	prefix: string,
	values: Array<[string, string]>,
	defaultValue: string,
): INodeProperties {
	const options = values.map(([option, value]) => ({ name: option, value: `${prefix}${value}` }));
	return { displayName, name, type: 'options', options, default: `${prefix}${defaultValue}` };
}

/** The filters ESET's quarantine list documents, alphabetical. */
const quarantineFilters: INodeProperties[] = [
	textFilter(
		'Cloud Office Tenant UUID',
		'cloudOfficeTenantUuid',
		'The ESET Cloud Office Security tenant',
	),
	textFilter('E-Mail Recipient', 'emailRecipient', 'The recipient of quarantined e-mails'),
	textFilter('E-Mail Sender', 'emailSender', 'The sender of quarantined e-mails'),
	textFilter(
		'E-Mail Subject Contains',
		'emailSubject',
		'Part of the subject of quarantined e-mails',
	),
	textFilter(
		'File Path Ends With',
		'fileName',
		'The end of the file path, e.g. a file name: ESET matches the path suffix',
	),
	enumFilter(
		'Origin',
		'objectOrigin',
		'OBJECT_ORIGIN_',
		[
			['Device', 'DEVICE'],
			['Google Workspace', 'GOOGLE_WORKSPACE'],
			['Microsoft 365', 'MS_OFFICE365'],
		],
		'DEVICE',
	),
	...timeWindowFields(
		{ displayName: 'Quarantined From', name: 'quarantinedFrom' },
		{ displayName: 'Quarantined Before', name: 'quarantinedBefore' },
		'objects quarantined',
	),
	enumFilter(
		'Reason',
		'quarantineReason',
		'QUARANTINE_REASON_',
		[
			['Grayware', 'GRAYWARE'],
			['Malware', 'MALWARE'],
			['Phishing', 'PHISHING'],
			['Rule', 'RULE'],
			['Sender Spoofing', 'SENDER_SPOOFING'],
			['Spam', 'SPAM'],
		],
		'MALWARE',
	),
	enumFilter(
		'Type',
		'objectType',
		'QUARANTINED_OBJECT_TYPE_',
		[
			['E-Mail Attachment', 'EMAIL_ATTACHMENT'],
			['E-Mail Message', 'EMAIL_MESSAGE'],
			['File on Drive', 'FILE_ON_DRIVE'],
		],
		'FILE_ON_DRIVE',
	),
	textFilter(
		'User UUID',
		'userUuid',
		'The owner of the cloud drive or mailbox (not a device user)',
	),
];

export const quarantineFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Quarantined Object',
		name: 'objectUuid',
		searchListMethod: 'searchQuarantinedObjects',
		description: 'The quarantined object, picked by name or entered by its UUID',
		show: { resource: ['quarantine'], operation: ['get'] },
	}),
	{
		displayName: 'Object UUIDs',
		name: 'objectUuids',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		description:
			'UUIDs of quarantined objects, separated by commas, or an expression giving a list',
		displayOptions: showFor(['delete', 'download', 'restore']),
	},
	{
		displayName: 'Add to Exclusions',
		name: 'addToExclusions',
		type: 'boolean',
		default: false,
		description:
			'Whether ESET also excludes the objects from scanning, so that they are not quarantined again',
		displayOptions: showFor(['restore']),
	},
	...returnAllAndLimit('quarantine'),
	{
		displayName: 'Filters',
		name: 'quarantineFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Objects must match all the filters added here',
		displayOptions: showFor(['getAll']),
		options: quarantineFilters,
	},
];
