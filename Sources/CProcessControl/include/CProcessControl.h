#ifndef C_PROCESS_CONTROL_H
#define C_PROCESS_CONTROL_H

/// Makes the calling process the reaper of its orphaned descendants (Linux, PR_SET_CHILD_SUBREAPER):
/// a process that a plugin's descendants leave behind becomes track's child instead of init's.
/// Returns 0 on success, -1 where the system has no such thing. (prctl is variadic, which Swift cannot call.)
int track_become_child_subreaper(void);

#endif
