// Package safefile is how the module's programs touch the files they
// write and the files they must not: locks the kernel releases when the
// file is closed or its process dies (so a killed run never leaves one
// behind), atomic writes through a locked temporary file with the folder
// synced, reads capped in size that never block on a named pipe, file
// identity however a path is spelled, and MayReplace, the one check of
// whether an output may replace the file at its path.
package safefile
