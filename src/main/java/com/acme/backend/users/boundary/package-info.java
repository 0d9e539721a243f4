/** The users REST resource under {@code /api/users} and its JSON representation. */
package com.acme.backend.users.boundary;
