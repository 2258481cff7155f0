import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { lowerCaseLabel } from '../../shared/text';

/** What a locator picks: its label, its parameter, the list search and the operations it serves. */
interface LocatorSpec {
	displayName: string;
	name: string;
	searchListMethod: string;
	description: string;
	show: IDisplayOptions['show'];
}

/** An ESET object picked from a searchable list (the default), or entered by its UUID. */
export function esetLocator(spec: LocatorSpec): INodeProperties {
	const what = lowerCaseLabel(spec.displayName);
	const article = /^[aeiou]/i.test(what) ? 'an' : 'a';
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		displayOptions: { show: spec.show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${article} ${what}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
				validation: [
					{
						type: 'regex',
						properties: {
							// ESET's identifiers are opaque strings (usually UUIDs): no spaces inside
							regex: '^\\s*\\S{1,100}\\s*$',
							errorMessage: `Enter the UUID of the ${what}`,
						},
					},
				],
			},
		],
	};
}
