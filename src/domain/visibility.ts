/**
 * Who is reading: the public (no account), members (may read non-public papers and items of their
 * bodies), staff (clerks, admins). Every reader of the query layer takes one of these.
 */
export type Visibility = 'public' | 'member' | 'staff';
