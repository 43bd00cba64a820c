/** #/inbox/unread: the inbox filtered to unread threads (where a notice for replies from several numbers leads). */
export const UNREAD_THREADS = 'unread';
