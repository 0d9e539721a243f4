/**
 * Users logic without HTTP: validation of a submitted user, paging arguments, the transactional store with its
 * typed failures (not found, email taken, version mismatch).
 */
package com.acme.backend.users.control;
