import type { IDataObject } from 'n8n-workflow';

/** Makes the simplified form of one output item (at most 10 fields, flat where ESET nests). */
export type Simplifier = (entry: IDataObject) => IDataObject;

/** The fields kept, in this order; those the answer lacks are left out, never invented. */
function picked(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** A detection: what it is, where and when it occurred, on which object. */
export const simplifyDetection: Simplifier = (detection) => {
	const device = (detection.device ?? {}) as IDataObject;
	const context = (detection.context ?? {}) as IDataObject;
	return picked({
		uuid: detection.uuid,
		displayName: detection.displayName,
		severityLevel: detection.severityLevel,
		occurTime: detection.occurTime,
		typeName: detection.typeName,
		objectName: detection.objectName,
		objectHashSha1: detection.objectHashSha1,
		objectUrl: detection.objectUrl,
		deviceUuid: device.uuid ?? context.deviceUuid,
		resolved: detection.resolved,
	});
};

/** A group of repeated detections: its detection's fields, how many, whether resolved. */
export const simplifyDetectionGroup: Simplifier = (group) => {
	const { resolved, ...detection } = simplifyDetection(group);
	delete detection.objectUrl; // ten fields: the group's size takes the URL's place
	return picked({ ...detection, groupSize: group.groupSize, resolved });
};

/** A device: what it is, where it is on the network, how it is. */
export const simplifyDevice: Simplifier = (device) =>
	picked({
		uuid: device.uuid,
		displayName: device.displayName,
		primaryLocalIpAddress: device.primaryLocalIpAddress,
		publicIpAddress: device.publicIpAddress,
		operatingSystemName: ((device.operatingSystem ?? {}) as IDataObject).displayName,
		parentGroupUuid: device.parentGroupUuid,
		functionalityStatus: device.functionalityStatus,
		isMuted: device.isMuted,
		lastSyncTime: device.lastSyncTime,
		deviceType: device.deviceType,
	});

/** Each of a list of entries simplified, when the answer holds the list. */
function eachOf(entries: unknown, simplify: Simplifier): IDataObject[] | undefined {
	return Array.isArray(entries) ? (entries as IDataObject[]).map(simplify) : undefined;
}

/**
 * An incident: what it is, its state, its devices and detections. What Include added (comments,
 * indicators; detections and devices simplified too) stays: the user asked for it.
 */
export const simplifyIncident: Simplifier = (incident) =>
	picked({
		uuid: incident.uuid,
		displayName: incident.displayName,
		status: incident.status,
		severity: incident.severity,
		assigneeUuid: incident.assigneeUuid,
		tags: incident.tags,
		createTime: incident.createTime,
		updateTime: incident.updateTime,
		deviceUuids: incident.deviceUuids,
		detectionUuids: incident.detectionUuids,
		detections: eachOf(incident.detections, simplifyDetection),
		comments: incident.comments,
		devices: eachOf(incident.devices, simplifyDevice),
		devicesNotFound: incident.devicesNotFound,
		indicators: incident.indicators,
	});
