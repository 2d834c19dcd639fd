// Public face of the data tracker: data subjects in the log, usage index, findUsage (docs/design.md §5).
export {
  createDataTracker,
  type DataTracker,
  type DataTrackerOptions,
} from './create-data-tracker.js'
export {
  answerUsageRequest,
  FIND_USAGE_MAX_LIMIT,
  FIND_USAGE_SERVICE_CODE,
  type UsageItem,
  type UsageRequest,
  type UsageSource,
} from './find-usage.js'
export { gatherUsage, type UsageAnswer, type UsageNodes } from './gather-usage.js'
export { openDataTracker, type OpenDataTrackerOptions } from './open-data-tracker.js'
export { PERSON_CODE_MIN_DIGITS, personCodesIn, type PersonCodeShape } from './find-person-codes.js'
export { isPin, personCodeOf, PIN_COUNTRY } from './person-code.js'
export { redactStrings, SUBJECT_MARKER, subjectRedactor } from './redact-subject.js'
export {
  DATA_SUBJECT_EXTENSION,
  needsContract,
  trackBody,
  trackPersonCodes,
  trackRequest,
  type RequestToTrack,
  type TrackedRequest,
} from './track-request.js'
export {
  createTrackerKeyJwk,
  ensureTrackerKeyFile,
  hashDataSubject,
  loadTrackerKey,
  type TrackerKeyJwk,
} from './tracker-key.js'
export {
  createUsageIndex,
  type UsageEntry,
  type UsageIndex,
  type UsageIndexOptions,
  type UsagePage,
  type UsageQuery,
} from './usage-index.js'
