-- One database per region: the regions' data stay apart, as in the cloud.
CREATE DATABASE r1_na;
CREATE DATABASE r1_eu;
CREATE DATABASE r1_asia;
