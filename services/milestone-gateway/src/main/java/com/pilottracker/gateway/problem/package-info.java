/** RFC 9457 problem bodies for every error the gateway answers. */
package com.pilottracker.gateway.problem;
