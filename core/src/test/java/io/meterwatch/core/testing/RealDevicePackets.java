package io.meterwatch.core.testing;

/**
 * HJ 212 packets captured from real devices, published in open-source projects' tests and comments,
 * that are not in the shared samples. Each VALID one carries the CRC its device computed (so it
 * checks the codec's CRC against an independent implementation); the BAD ones are real mistakes.
 */
public final class RealDevicePackets {

  /** 2005-era flue-gas CEMS: no QN, no Flag, 2005 codes, ZsRtd sent in its own item. */
  public static final String FLUE_GAS_2005 =
      "##0328ST=31;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20171219115817;"
          + "S01-Rtd=0.00,S01-Flag=D;S02-Rtd=0.00,S02-Flag=D;S03-Rtd=0.00,S03-Flag=D;"
          + "02-Rtd=0.00,02-Flag=D;S05-Rtd=0.00,S05-Flag=D;03-Rtd=0.00,03-Flag=D;01-ZsRtd=0.00;"
          + "S08-Rtd=0.000000,S08-Flag=D;B02-Rtd=0.00,B02-Flag=D;01-Rtd=0.00,01-Flag=D;"
          + "02-ZsRtd=0.00;03-ZsRtd=0.00&&B681";

  /** 2005-era split minute packet, part 1 of 2, 1055 characters (over the nominal 1024). */
  public static final String SPLIT_2005_OVER_1024 =
      "##1045ST=31;CN=2051;PW=123456;MN=756877X7916010;Flag=2;PNUM=2;PNO=1;CP=&&"
          + "DataTime=20180303102200;B02-Min=0.0000,B02-Avg=0.0000,B02-Max=0.0000,B02-Cou=0.0000,"
          + "B02-Flag=D;30-Min=109.8557,30-Avg=109.8712,30-Max=109.8885,30-Cou=0.0000,30-Flag=N;"
          + "31-Min=103.4228,31-Avg=103.4489,31-Max=103.4723,31-Cou=0.0000,31-Flag=N;"
          + "32-Min=102.8947,32-Avg=102.9123,32-Max=102.9281,32-Cou=0.0000,32-Flag=N;"
          + "33-Min=1003.0443,33-Avg=1003.0705,33-Max=1003.0940,33-Cou=0.0000,33-Flag=T;"
          + "34-Min=1003.1765,34-Avg=1003.1824,34-Max=1003.2093,34-Cou=0.0000,34-Flag=T;"
          + "35-Min=102.8606,35-Avg=102.8729,35-Max=102.8770,35-Cou=0.0000,35-Flag=N;"
          + "36-Min=102.9935,36-Avg=103.0101,36-Max=103.0268,36-Cou=0.0000,36-Flag=N;"
          + "37-Min=103.2597,37-Avg=103.2753,37-Max=103.2928,37-Cou=0.0000,37-Flag=N;"
          + "01-Min=0.00,01-Avg=0.00,01-Max=0.00,01-Cou=0.00,01-ZsMin=0.00,01-ZsAvg=0.00,"
          + "01-ZsMax=0.00,01-Flag=D;02-Min=0.00,02-Avg=0.00,02-Max=0.00,02-Cou=0.00,02-ZsMin=0.00,"
          + "02-ZsAvg=0.00,02-ZsMax=0.00,02-Flag=D;03-Min=0.00,03-Avg=0.00,03-Max=0.00,03-Cou=0.00,"
          + "03-ZsMin=0.00,03-ZsAvg=0.00,03-ZsMax=0.00,03-Flag=D&&AB41";

  /** 2017 split minute packet, part 1 of 2, Flag 7 (version 1, split, ack requested), ZsCou. */
  public static final String SPLIT_2017_PART1 =
      "##0931QN=20201029122005355;ST=31;CN=2051;PW=123456;MN=WJTHGY91320509703697203A;Flag=7;"
          + "PNUM=2;PNO=1;CP=&&DataTime=20201029121000;a00000-Min=0.000,a00000-Max=0.000,"
          + "a00000-Avg=0.000,a00000-Cou=0.000,a00000-Flag=B;a01011-Min=0.000,a01011-Max=0.000,"
          + "a01011-Avg=0.000,a01011-Cou=0.000,a01011-Flag=B;a01012-Min=0.000,a01012-Max=0.000,"
          + "a01012-Avg=0.000,a01012-Cou=0.000,a01012-Flag=B;a01013-Min=0.000,a01013-Max=0.000,"
          + "a01013-Avg=0.000,a01013-Cou=0.000,a01013-Flag=B;a01014-Min=0.000,a01014-Max=0.000,"
          + "a01014-Avg=0.000,a01014-Cou=0.000,a01014-Flag=B;a19001-Min=0.000,a19001-Max=0.000,"
          + "a19001-Avg=0.000,a19001-Cou=0.000,a19001-Flag=B;a21002-Min=0.000,a21002-Max=0.000,"
          + "a21002-Avg=0.000,a21002-Cou=0.000,a21002-ZsMin=0.000,a21002-ZsMax=0.000,"
          + "a21002-ZsAvg=0.000,a21002-ZsCou=0.000,a21002-Flag=B;a21005-Min=0.000,a21005-Max=0.000,"
          + "a21005-Avg=0.000,a21005-Cou=0.000,a21005-ZsMin=0.000,a21005-ZsMax=0.000,"
          + "a21005-ZsAvg=0.000,a21005-ZsCou=0.000,a21005-Flag=B&&AE41";

  /** Part 2 of 2 without Flag, PNO before PNUM, zero-padded, extra ValidNum/TotalNum suffixes. */
  public static final String PART_ZERO_PADDED =
      "##0204QN=20191112091100598;ST=31;CN=2051;PW=123456;MN=14513567846884;PNO=0002;PNUM=0002;"
          + "CP=&&DataTime=20191112090000;a01006-Avg=101.85,a01006-Min=101.84,a01006-Max=101.87,"
          + "a01006-ValidNum=10,a01006-TotalNum=10&&2800";

  /** Flue-gas real-time data with ZsRtd on every parameter. */
  public static final String REAL_TIME_ZS =
      "##0494QN=20210521110212000;ST=31;CN=2011;PW=123456;MN=411420sibo0606;Flag=4;CP=&&"
          + "DataTime=20210521110202;a01012-Rtd=32.42,a01012-ZsRtd=32.42,a01012-Flag=N;"
          + "a05002-Rtd=1.45,a05002-ZsRtd=1.45,a05002-Flag=N;a01011-Rtd=0.54,a01011-ZsRtd=0.54,"
          + "a01011-Flag=N;a01013-Rtd=103.79,a01013-ZsRtd=103.79,a01013-Flag=N;a24087-Rtd=39.00,"
          + "a24087-ZsRtd=39.00,a24087-Flag=N;a01014-Rtd=2.53,a01014-ZsRtd=2.53,a01014-Flag=N;"
          + "a24088-Rtd=37.55,a24088-ZsRtd=37.55,a24088-Flag=N;a00000-Rtd=3434,a00000-ZsRtd=3434,"
          + "a00000-Flag=N&&8701";

  /** Water analyser sending SampleTime before Rtd. */
  public static final String SAMPLE_TIME_FIRST =
      "##0162QN=20231008123340461;ST=22;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;"
          + "CP=&&DataTime=20231008123340;w01008-SampleTime=20231008123340,w01008-Rtd=123.456&&F441";

  /** Device restart notice (CN 2081) with an empty password. */
  public static final String RESTART_EMPTY_PW =
      "##0131QN=20200428011552615;ST=31;CN=2081;PW=;MN=MYHJ00000000000080011128;Flag=4;CP=&&"
          + "DataTime=20200428011552;RestartTime=20200425120954&&47C0";

  /** Data acknowledgement with QnRtn, Flag 9, lower-case CRC hex. */
  public static final String ACK_LOWER_CASE_CRC =
      "##0078QN=20201008154743635;ST=91;CN=9014;PW=123456;MN=SD000001;Flag=9;CP=&&QnRtn=1&&71c0";

  /** Data acknowledgement with an empty CP, Flag 8. */
  public static final String ACK_EMPTY_CP =
      "##0075QN=20260706103512345;ST=91;CN=9014;PW=123456;MN=A110000_0001;Flag=8;CP=&&&&0140";

  /** Noise station that forgot its MN (valid CRC, empty MN). */
  public static final String EMPTY_MN =
      "##0116QN=20220814021304000;ST=22;CN=2011;PW=123456;MN=;Flag=5;CP=&&DataTime=20220814021304;"
          + "a50001-Rtd=0.00,a50001-Flag=B&&06C0";

  /** Declares 131 bytes, has 137 (a device that counted before adding PW). */
  public static final String BAD_LENGTH =
      "##0131QN=20200428102058322;ST=31;CN=2081;PW=123456;MN=MYHJ00000000000080011128;Flag=4;CP=&&"
          + "DataTime=20200428102058;RestartTime=20200428100633&&47c0";

  /** A device whose CRC is wrong (33EC sent, D801 right). */
  public static final String BAD_CRC =
      "##0214QN=20200721093700136;ST=22;CN=2011;PW=123456;MN=MYHJ00000000000080011129;Flag=4;CP=&&"
          + "DataTime=20200721093700;a99054-Rtd=190.000;a01001-Rtd=0.000;a01002-Rtd=0.000;"
          + "a01006-Rtd=0.000;a01007-Rtd=0.000;a01008-Rtd=0.000&&33EC";

  private RealDevicePackets() {}
}
