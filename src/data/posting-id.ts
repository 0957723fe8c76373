import { idFor } from '../seed/table/description';

/**
 * The UUID v5 namespace of this project's postings (itself uuidv5('job-postings-seed', uuid.URL)): a posting's
 * id is uuidv5(key, namespace), so the same posting has the same id on every machine and every run.
 */
export const POSTING_ID_NAMESPACE = '7459bdae-df3d-563c-b1e5-e6b250954104';

/** The row id of the posting with this key. */
export const postingId = idFor(POSTING_ID_NAMESPACE);
