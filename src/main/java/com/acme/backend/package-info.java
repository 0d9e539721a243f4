/**
 * The backend service: a users REST API for serverless containers on Open Liberty. Each sub-package is one
 * feature ({@code users}, {@code health}, {@code problems}, {@code db}, {@code platform}); a feature with
 * several parts splits them into {@code boundary} (HTTP), {@code control} (logic) and {@code entity} (data).
 */
package com.acme.backend;
