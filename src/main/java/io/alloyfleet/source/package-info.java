/**
 * The fleet repo's commits: polling, fetching, the files of a commit's tree, and whose signatures a
 * head must carry.
 */
package io.alloyfleet.source;
