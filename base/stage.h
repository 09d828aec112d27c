/* stage.h: the kinds of stage a job has. A test's stage runs under the run limits. */
#pragma once

enum stage_kind { STAGE_COMPILE, STAGE_RUN, STAGE_TEST };
