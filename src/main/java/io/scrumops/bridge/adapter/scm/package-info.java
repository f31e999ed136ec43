/**
 * Commits, pushes and pull / merge requests from GitHub and GitLab repository hooks, read into {@code ScmEvent}s for
 * the change tables the metrics read.
 */
package io.scrumops.bridge.adapter.scm;
