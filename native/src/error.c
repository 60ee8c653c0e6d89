/* The last failure's message, per thread: JNA callers on different Java threads must not see each
 * other's errors, and errno alone cannot say which call or which address failed. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "junicorn.h"
#include "error.h"

static _Thread_local char last_error[512];

const char *jn_last_error(void)
{
    return last_error;
}

int jn_fail(int err, const char *format, ...)
{
    va_list args;
    const char *text;
    size_t used;

    va_start(args, format);
    vsnprintf(last_error, sizeof last_error, format, args);
    va_end(args);

    /* strerror() may share a static buffer between threads; strerrordesc_np() never does. */
    text = strerrordesc_np(err);
    used = strlen(last_error);
    snprintf(last_error + used, sizeof last_error - used, " failed: %s",
             text != NULL ? text : "Unknown error");
    errno = err;
    return -1;
}

int jn_refuse(int err, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(last_error, sizeof last_error, format, args);
    va_end(args);
    errno = err;
    return -1;
}
